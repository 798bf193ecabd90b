import type { Capability } from "../capability/registry.ts";
import type { CallResult, ExecOptions, Mode, Runner } from "../cell/runner.ts";
import type { ErrorData, WorkerMessage, WorkerReply } from "./protocol.ts";

/**
 * The runner a notebook's worker has: it has no permission to start anything, so it asks the
 * run's parent, which holds the real (live, record or replay) runner, and waits for the answer.
 * Cells begin and end at the module's fences, which the parent sees: beginCell and endCell do
 * nothing here. An error the parent's runner threw comes as data; `rebuild` makes it an error of
 * its own class again (errorFromData of lib/execute/error_data.ts).
 */
export class RemoteRunner implements Runner {
  readonly mode: Mode;
  readonly capabilities: ReadonlySet<Capability>;
  #ask: (request: (id: number) => WorkerMessage) => Promise<WorkerReply>;
  #rebuild: (data: ErrorData) => Error;

  constructor(
    mode: Mode,
    capabilities: Capability[],
    ask: (request: (id: number) => WorkerMessage) => Promise<WorkerReply>,
    rebuild: (data: ErrorData) => Error,
  ) {
    this.mode = mode;
    this.capabilities = new Set(capabilities);
    this.#ask = ask;
    this.#rebuild = rebuild;
  }

  beginCell(): void {}

  endCell(): void {}

  async exec(_cell: string, command: string, options: ExecOptions = {}): Promise<CallResult> {
    // Taken now, while the cell's own frames are on the stack, so an error points at its line.
    const site = new Error().stack?.split("\n").slice(1).join("\n") ?? "";
    const reply = await this.#ask((id) => ({ t: "exec", id, command, ...options }));
    if (!reply.error) return reply.result!;
    // The runner's error, of its own class (a FixtureStaleError, a LabError ...).
    const error = this.#rebuild(reply.error);
    // Assigning error.stack would make Deno re-wrap the error; keep the site beside it.
    throw Object.assign(error, { site });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
