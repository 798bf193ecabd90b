import type { Capability } from "../notebook/front_matter.ts";
import type { CallResult, ExecOptions, LabEnvironment, Runner } from "./runner.ts";
import { Sandbox } from "./sandbox.ts";

/** Runs every command for real, inside a fresh sandbox. The only runner that spawns processes. */
export class LiveRunner implements Runner {
  readonly mode = "live" as const;
  #sandbox: Sandbox;
  #capabilities: Set<Capability>;

  private constructor(sandbox: Sandbox, capabilities: Set<Capability>) {
    this.#sandbox = sandbox;
    this.#capabilities = capabilities;
  }

  /** Starts a sandbox; `known` are the capabilities probed before the run (probeLab). */
  static async start(options: { known?: Iterable<Capability> } = {}): Promise<LiveRunner> {
    return new LiveRunner(await Sandbox.start(), new Set(options.known ?? []));
  }

  get capabilities(): ReadonlySet<Capability> {
    return this.#capabilities;
  }

  get sandboxPid(): number {
    return this.#sandbox.pid;
  }

  /** Describes the machine the lab runs on, for a recording. */
  async environment(): Promise<LabEnvironment> {
    const first = async (cmd: string) =>
      (await this.#sandbox.run(cmd)).stdout.split("\n")[0].trim();
    return {
      kernel: await first("uname -r"),
      iproute2: await first("ip -V"),
      iptables: await first("iptables -V 2>/dev/null || echo none"),
      deno: Deno.version.deno,
      sandbox: this.#sandbox.kind,
      capabilities: [...this.#capabilities].sort(),
    };
  }

  beginCell(): void {}
  endCell(): void {}

  exec(_cell: string, command: string, options: ExecOptions = {}): Promise<CallResult> {
    return this.#sandbox.run(command, options.timeout);
  }

  close(): Promise<void> {
    return this.#sandbox.close();
  }
}
