import type { CallRecord } from "../fixture/schema.ts";
import type { CallResult, ExecOptions, Runner } from "./runner.ts";

export interface RecordHooks {
  /** Called after each call with the cell, the call's order within the cell, and what it did. */
  onCall(cell: string, index: number, call: CallRecord): void;
}

/** Wraps a live runner and reports every call, so that the run can be saved as a fixture. */
export class RecordRunner implements Runner {
  readonly mode = "record" as const;
  #inner: Runner;
  #hooks: RecordHooks;
  #counts = new Map<string, number>();

  constructor(inner: Runner, hooks: RecordHooks) {
    this.#inner = inner;
    this.#hooks = hooks;
  }

  get capabilities() {
    return this.#inner.capabilities;
  }

  beginCell(cell: string): void {
    this.#counts.set(cell, 0);
    this.#inner.beginCell(cell);
  }

  endCell(cell: string): void {
    this.#inner.endCell(cell);
  }

  async exec(cell: string, command: string, options?: ExecOptions): Promise<CallResult> {
    const index = this.#counts.get(cell) ?? 0;
    this.#counts.set(cell, index + 1);
    const result = await this.#inner.exec(cell, command, options);
    this.#hooks.onCall(cell, index, { command, ...result });
    return result;
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
