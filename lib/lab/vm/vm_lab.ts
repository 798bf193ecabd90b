import { type Capability, probeCapabilities } from "../../capability/registry.ts";
import type { BackendInfo, ExecResult, Lab, LabExecOptions, LabStream } from "../backend.ts";
import type { BootedVm } from "./boot_vm.ts";

/** What the guest kernel prints when it stops for want of memory (panic_on_oom). */
const OUT_OF_MEMORY = /Kernel panic - not syncing: Out of memory/;

/**
 * A running micro-VM lab: `lab` (its agent, in qemu), and what ended it when it ends. The VM's
 * RAM is the lab's memory limit: when it runs out, its kernel stops, qemu exits, and the command
 * that was running (and every later one) fails with "the lab ran out of its N MiB of memory",
 * rather than with the VM's end alone.
 */
export class VmLab implements Lab {
  #lab: Lab;
  #vm: BootedVm;
  #memory: number;

  constructor(lab: Lab, vm: BootedVm, memoryMib: number) {
    this.#lab = lab;
    this.#vm = vm;
    this.#memory = memoryMib;
  }

  get info(): BackendInfo {
    return this.#lab.info;
  }

  get pid(): number {
    return this.#lab.pid;
  }

  async exec(command: string, options?: LabExecOptions): Promise<ExecResult> {
    try {
      return await this.#lab.exec(command, options);
    } catch (e) {
      // The agent's channel is qemu's standard output: once it has ended, qemu has exited (or was
      // killed), and its console is ending too.
      if (!this.#vm.agent.ended) throw e;
      await this.#vm.consoleEnded;
      if (OUT_OF_MEMORY.test(this.#vm.console())) {
        await this.#vm.child.status; // gone, not only ending, when the cell hears of it
        throw new Error(
          `the lab ran out of its ${this.#memory} MiB of memory: \`${command}\` (or what ran ` +
            "beside it) used all of the VM's memory, and the VM stopped",
          { cause: e },
        );
      }
      throw e;
    }
  }

  /** A command with its input and output streamed (the lab shell), as the agent runs it. */
  stream(command: string, onData: (chunk: Uint8Array) => void): LabStream {
    if (!this.#lab.stream) throw new Error("the VM's agent cannot stream a command");
    return this.#lab.stream(command, onData);
  }

  probe(wanted: Iterable<Capability>): Promise<Set<Capability>> {
    return probeCapabilities(wanted, async (c) => {
      const r = await this.exec(c);
      return { code: r.code, stdout: new TextDecoder().decode(r.stdout) };
    });
  }

  close(): Promise<void> {
    return this.#lab.close();
  }
}
