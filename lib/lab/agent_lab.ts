import { type Capability, probeCapabilities } from "../capability/registry.ts";
import type { AgentClient } from "./agent_client.ts";
import type { BackendInfo, ExecResult, Lab, LabStream } from "./backend.ts";

/** How long a lab may take to end once told to, before its holder is killed. */
const CLOSE_GRACE_MS = 5_000;

/** How a lab's holder process is described and ended. */
export interface AgentLabOptions {
  /** What the holder is, for "the lab has ended (its sandbox, PID 12, exited)". */
  holder: string;
  /** Called once the agent is told to close: ends the holder if closing the agent does not. */
  stop?: (child: Deno.ChildProcess) => void;
  /** The lab's limits, where the kernel counts what ran into them (see lab_cgroup.ts). */
  limits?: {
    /** What limit the lab ran into since it was last asked, in words. */
    hit(): Promise<string | undefined>;
    /** Called once the lab has ended. */
    release(): Promise<void>;
  };
}

/**
 * A running lab whose commands go to the agent (agent.pl) inside a holder process: bwrap's
 * sandbox for the netns lab, qemu for the micro-VM. Ending the holder ends the whole lab.
 */
export class AgentLab implements Lab {
  readonly info: BackendInfo;
  #child: Deno.ChildProcess;
  #agent: AgentClient;
  #options: AgentLabOptions;
  #closed?: Promise<void>;

  constructor(
    child: Deno.ChildProcess,
    agent: AgentClient,
    info: BackendInfo,
    options: AgentLabOptions,
  ) {
    this.#child = child;
    this.#agent = agent;
    this.info = info;
    this.#options = options;
    // A lab that broke the protocol is not asked to end: it is ended.
    agent.done.then(() => {
      if (agent.misbehaved) this.#kill();
    });
  }

  #kill(): void {
    try {
      this.#child.kill("SIGKILL");
    } catch {
      // It had already ended.
    }
  }

  get pid(): number {
    return this.#child.pid;
  }

  async exec(command: string, options?: { timeout?: number }): Promise<ExecResult> {
    const why = this.#agent.ended
      ? `${this.#options.holder}, PID ${this.pid}, exited`
      : this.#closed
      ? "it was closed"
      : undefined;
    if (why) throw new Error(`the lab has ended (${why}), so \`${command}\` cannot run`);
    // A command that fails, or a lab that ends, may have run into one of the lab's limits.
    const limits = this.#options.limits;
    let r: ExecResult;
    try {
      r = await this.#agent.exec(command, options);
    } catch (e) {
      const hit = await limits?.hit().catch(() => undefined);
      if (hit) throw new Error(`${(e as Error).message}: ${hit}`, { cause: e });
      throw e;
    }
    if (r.code !== 0 && limits) {
      const hit = await limits.hit().catch(() => undefined);
      if (hit) r.limit = hit;
    }
    return r;
  }

  stream(command: string, onData: (chunk: Uint8Array) => void): LabStream {
    if (this.#agent.ended || this.#closed) {
      const error = new Error(`the lab has ended, so \`${command}\` cannot run`);
      return { write() {}, end() {}, done: Promise.reject(error) };
    }
    return this.#agent.stream(command, onData);
  }

  probe(wanted: Iterable<Capability>): Promise<Set<Capability>> {
    return probeCapabilities(wanted, async (c) => {
      const r = await this.exec(c);
      return { code: r.code, stdout: new TextDecoder().decode(r.stdout) };
    });
  }

  /**
   * Closes the agent's input, which ends the lab; a holder still there after CLOSE_GRACE_MS (a
   * lab that does not listen) is killed.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.#agent.close();
      try {
        this.#options.stop?.(this.#child);
      } catch {
        // It had already ended.
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<void>((r) => timer = setTimeout(r, CLOSE_GRACE_MS));
      await Promise.race([this.#child.status, late]);
      clearTimeout(timer);
      this.#kill();
      await this.#child.status;
      await this.#agent.done;
      await this.#options.limits?.release();
    })();
    return this.#closed;
  }
}
