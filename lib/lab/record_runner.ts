import type { Capability } from "../capability/registry.ts";
import type { CallRecord } from "../fixture/schema.ts";
import { callResult, type LiveRunner } from "./live_runner.ts";
import type { CallResult, ExecOptions, Runner } from "./runner.ts";

/** What a RecordRunner reports as the run goes. */
export interface RecordHooks {
  /** Called after each call with the cell, the call's order within the cell, and what it did. */
  onCall(cell: string, index: number, call: CallRecord): void;
}

/** Wraps a live runner and reports every call, so that the run can be saved as a fixture. */
export class RecordRunner implements Runner {
  /** Always record. */
  readonly mode = "record" as const;
  #live: LiveRunner;
  #hooks: RecordHooks;
  #counts = new Map<string, number>();

  /** Records what `live` runs, telling `hooks` of each call. */
  constructor(live: LiveRunner, hooks: RecordHooks) {
    this.#live = live;
    this.#hooks = hooks;
  }

  /** The live lab's capabilities. */
  get capabilities(): ReadonlySet<Capability> {
    return this.#live.capabilities;
  }

  beginCell(cell: string): void {
    this.#counts.set(cell, 0);
  }

  endCell(): void {}

  async exec(cell: string, command: string, options?: ExecOptions): Promise<CallResult> {
    const index = this.#counts.get(cell) ?? 0;
    this.#counts.set(cell, index + 1);
    const call = await this.#live.record(command, options);
    this.#hooks.onCall(cell, index, call);
    return callResult(call);
  }

  close(): Promise<void> {
    return this.#live.close();
  }
}
