import type { Capability } from "../capability/registry.ts";
import type { CallRecord } from "../fixture/schema.ts";
import { callResult, type LiveRunner } from "./live_runner.ts";
import type { CallResult, ExecOptions, Runner } from "../cell/runner.ts";

/** What a RecordRunner reports as the run goes. */
export interface RecordHooks {
  /** Called after each call with the cell, the call's order within the cell, and what it did. */
  onCall(cell: string, index: number, call: CallRecord): void;
}

/** What the calls of one recording may take in all (its JSON), with room for the rest of it. */
export const RECORDING_BUDGET = 63 * 1024 * 1024;

/**
 * Wraps a live runner and reports every call, so that the run can be saved as a fixture. A run
 * whose calls would make a recording larger than netbook reads (FIXTURE_LIMIT) fails at the
 * call that goes over, and at the end of its cell even if the cell caught that.
 */
export class RecordRunner implements Runner {
  /** Always record. */
  readonly mode = "record" as const;
  #live: LiveRunner;
  #hooks: RecordHooks;
  #counts = new Map<string, number>();
  #size = 0;
  #over?: Error;

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

  endCell(): void {
    if (this.#over) throw this.#over;
  }

  async exec(cell: string, command: string, options?: ExecOptions): Promise<CallResult> {
    const index = this.#counts.get(cell) ?? 0;
    this.#counts.set(cell, index + 1);
    const call = await this.#live.record(command, options);
    this.#size += new TextEncoder().encode(JSON.stringify(call)).length;
    if (this.#size > RECORDING_BUDGET) {
      this.#over ??= new Error(
        `this run's commands printed more than a recording may keep (${
          RECORDING_BUDGET / 2 ** 20
        } MB in all; this call brought it to ${(this.#size / 2 ** 20).toFixed(0)} MB), so it ` +
          "cannot be recorded. Print less: pipe long output through head, or use .quiet() " +
          "and keep only what the cell needs.",
      );
      throw this.#over;
    }
    this.#hooks.onCall(cell, index, call);
    return callResult(call);
  }

  close(): Promise<void> {
    return this.#live.close();
  }
}
