import type { Capability } from "../capability/registry.ts";
import { FixtureStaleError } from "../fixture/errors.ts";
import { recordCommand } from "../fixture/paths.ts";
import { callsOf, type Fixture } from "../fixture/schema.ts";
import { callResult } from "./live_runner.ts";
import type { CallResult, Runner } from "../cell/runner.ts";

/**
 * Answers every call from a recording. It never starts a process: a replayed notebook runs
 * without permission to do so.
 */
export class ReplayRunner implements Runner {
  /** Always replay. */
  readonly mode = "replay" as const;
  readonly capabilities: ReadonlySet<Capability>;
  #fixture: Fixture;
  #notebook: string;
  #next = new Map<string, number>();
  #seen = new Set<string>();
  /** The first mismatch in the cell now running, kept in case the cell's code swallows it. */
  #broken?: FixtureStaleError;
  /**
   * What a mismatch advises, after saying what differs. Default: an author's advice (re-record);
   * a learner's session (Jupyter) says instead that what the recording does not know runs only
   * live, and how to get a live lab.
   */
  advice: () => string = () =>
    `The notebook changed since it was recorded. Re-record it: ${
      recordCommand(this.#notebook, this.#fixture.recorded?.backend.kind)
    }`;

  /**
   * Answers from `fixture`, the recording of the notebook at `notebookPath`; without one (a
   * notebook of narrative only, which makes no call), every call is a stale one.
   */
  constructor(fixture: Fixture | undefined, notebookPath: string) {
    this.#fixture = fixture ?? { cells: {} } as Fixture;
    this.#notebook = notebookPath;
    this.capabilities = new Set(fixture?.recorded.capabilities ?? []);
  }

  #stale(cell: string, what: string): FixtureStaleError {
    const error = new FixtureStaleError(
      `the recording no longer matches cell "${cell}": ${what}\n${this.advice()}`,
    );
    this.#broken ??= error;
    return error;
  }

  beginCell(cell: string): void {
    this.#next.set(cell, 0);
    this.#seen.add(cell);
    this.#broken = undefined;
  }

  /** Ends a cell; a mismatch fails it even if the cell caught it (try/catch, expect-error). */
  endCell(cell: string): void {
    if (this.#broken) throw this.#broken;
    const calls = callsOf(this.#fixture.cells, cell) ?? [];
    const made = this.#next.get(cell) ?? 0;
    const next = calls[made];
    if (next) {
      throw this.#stale(
        cell,
        `it made ${made} call(s) but the recording has ${calls.length}; ` +
          `the next recorded one is \`${next.command}\``,
      );
    }
  }

  exec(cell: string, command: string): Promise<CallResult> {
    const index = this.#next.get(cell) ?? 0;
    this.#next.set(cell, index + 1);
    const call = callsOf(this.#fixture.cells, cell)?.[index];
    if (!call) {
      return Promise.reject(
        this.#stale(cell, `call ${index + 1} \`${command}\` was never recorded`),
      );
    }
    if (call.command !== command) {
      return Promise.reject(this.#stale(
        cell,
        `call ${index + 1}\n  recorded: ${call.command}\n  now:      ${command}`,
      ));
    }
    return Promise.resolve(callResult(call));
  }

  /** Checks that every recorded cell was run; a renamed or removed cell makes a stale fixture. */
  checkComplete(): void {
    if (this.#broken) throw this.#broken;
    for (const [cell, calls] of Object.entries(this.#fixture.cells)) {
      if (!this.#seen.has(cell) && calls.length) {
        throw this.#stale(cell, "the notebook no longer has this cell, or did not run it");
      }
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
