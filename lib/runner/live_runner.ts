import type { Capability } from "../capability/registry.ts";
import type { CallRecord } from "../fixture/schema.ts";
import { decodeOutput } from "../fixture/output_bytes.ts";
import type { ExecResult, Lab } from "../lab/backend.ts";
import { CapabilityMissingError, LabError } from "../lab/errors.ts";
import type { CallResult, ExecOptions, Runner } from "../cell/runner.ts";

/** A result as the cell sees it, and as the recording keeps it (bytes that are not UTF-8 too). */
export function callRecord(command: string, r: ExecResult): CallRecord {
  const note =
    (r.dropped
      ? `\nnetbook: this command printed ${r.dropped} bytes more than a command may keep; they were dropped\n`
      : "") + (r.limit ? `\nnetbook: ${r.limit}\n` : "");
  const stderr = note ? new Uint8Array([...r.stderr, ...new TextEncoder().encode(note)]) : r.stderr;
  return {
    command,
    ...decodeOutput("stdout", r.stdout),
    ...decodeOutput("stderr", stderr),
    code: r.code,
    ms: r.ms,
    ...(r.timedOut !== undefined ? { timedOut: r.timedOut } : {}),
  };
}

/** A call as the cell sees it: text (bytes that are not UTF-8 are shown as U+FFFD). */
export function callResult(call: CallRecord): CallResult {
  const { stdout, stderr, code, ms, timedOut } = call;
  return { stdout, stderr, code, ms, ...(timedOut !== undefined ? { timedOut } : {}) };
}

/** Runs every command for real, in a lab (see backends.ts). The only runner that starts processes. */
export class LiveRunner implements Runner {
  /** Always live. */
  readonly mode = "live" as const;
  /** The lab the commands run in. */
  readonly lab: Lab;
  #capabilities: Set<Capability>;

  /** `capabilities`: what the lab was probed to have (see probeLab). */
  constructor(lab: Lab, capabilities: Iterable<Capability>) {
    this.lab = lab;
    this.#capabilities = new Set(capabilities);
  }

  get capabilities(): ReadonlySet<Capability> {
    return this.#capabilities;
  }

  beginCell(): void {}
  endCell(): void {}

  async exec(_cell: string, command: string, options: ExecOptions = {}): Promise<CallResult> {
    return callResult(await this.record(command, options));
  }

  /**
   * Runs a command and returns it as a recording keeps it (exact bytes included). A lab that
   * cannot run it (it ended, it broke) throws a LabError, whatever the backend rejected with.
   */
  async record(command: string, options: ExecOptions = {}): Promise<CallRecord> {
    let result: ExecResult;
    try {
      result = await this.lab.exec(command, options);
    } catch (e) {
      if (e instanceof LabError || e instanceof CapabilityMissingError) throw e;
      throw new LabError(e instanceof Error ? e.message : String(e), { cause: e });
    }
    return callRecord(command, result);
  }

  close(): Promise<void> {
    return this.lab.close();
  }
}
