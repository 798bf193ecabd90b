import type { Capability } from "../capability/registry.ts";
import { CapabilityMissingError } from "../lab/errors.ts";
import { FixtureMissingError, FixtureStaleError } from "../fixture/errors.ts";
import type { CallResult, ExecOptions, Mode, Runner } from "../lab/runner.ts";
import type { LabReply, LabRequest } from "./protocol.ts";

const ERRORS: Record<string, new (message: string) => Error> = {
  FixtureStaleError,
  FixtureMissingError,
  CapabilityMissingError,
  TypeError,
  RangeError,
};

/**
 * The notebook process's runner: it has no permission to start anything, so it asks its
 * parent, which holds the real (live, record or replay) runner, and waits for the answer.
 */
export class RemoteRunner implements Runner {
  readonly mode: Mode;
  readonly capabilities: ReadonlySet<Capability>;
  #send: (request: LabRequest) => unknown;
  #waiting = new Map<number, (reply: LabReply) => void>();
  #next = 1;

  constructor(mode: Mode, capabilities: Capability[], send: (request: LabRequest) => unknown) {
    this.mode = mode;
    this.capabilities = new Set(capabilities);
    this.#send = send;
  }

  /** Hands a reply from the parent to the request waiting for it. */
  receive(reply: LabReply): void {
    this.#waiting.get(reply.id)?.(reply);
    this.#waiting.delete(reply.id);
  }

  #ask(request: (id: number) => LabRequest): Promise<LabReply> {
    const id = this.#next++;
    // Taken now, while the cell's own frames are on the stack, so an error points at its line.
    const site = new Error().stack?.split("\n").slice(1).join("\n") ?? "";
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, (reply) => {
        if (!reply.error) return resolve(reply);
        const Kind = ERRORS[reply.error.name] ?? Error;
        const error = new Kind(reply.error.message);
        if (!(reply.error.name in ERRORS)) error.name = reply.error.name;
        // Assigning error.stack would make Deno re-wrap the error; keep the site beside it.
        Object.assign(error, { site });
        reject(error);
      });
      this.#send(request(id));
    });
  }

  beginCell(cell: string): void {
    this.#send({ t: "begin-cell", cell });
  }

  async endCell(cell: string): Promise<void> {
    await this.#ask((id) => ({ t: "end-cell", id, cell }));
  }

  async exec(cell: string, command: string, options: ExecOptions = {}): Promise<CallResult> {
    const reply = await this.#ask((id) => ({
      t: "exec",
      id,
      cell,
      command,
      timeout: options.timeout,
    }));
    return reply.result!;
  }

  /** Waits for the parent's go-ahead for cell `cell` ("" at the end): true runs it. */
  async gate(cell: string): Promise<boolean> {
    return (await this.#ask((id) => ({ t: "gate", id, cell }))).go !== false;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
