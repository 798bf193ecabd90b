import type { Capability } from "../capability/registry.ts";

/** What one command did, as a cell sees it. */
export interface CallResult {
  stdout: string;
  stderr: string;
  code: number;
  /** Wall-clock duration in milliseconds. */
  ms: number;
  /** It was stopped at its time limit (milliseconds); `code` is then 124. */
  timedOut?: number;
}

export type Mode = "live" | "record" | "replay";

export interface ExecOptions {
  /** Milliseconds before the command is stopped (it then exits 124). */
  timeout?: number;
}

/**
 * Runs lab commands. Calls are keyed by the cell that makes them and their order within that
 * cell, so one cell can be run again (as in Jupyter) and get the same answers on replay.
 */
export interface Runner {
  readonly mode: Mode;
  /** Capabilities the lab has: probed when live, as recorded on replay. */
  readonly capabilities: ReadonlySet<Capability>;
  /** Starts (or restarts) a cell: its calls are numbered from 0 again. */
  beginCell(cell: string): void;
  /** Ends a cell; replay checks that the cell made every recorded call. */
  endCell(cell: string): void | Promise<void>;
  /** Runs one shell command line inside the lab. */
  exec(cell: string, command: string, options?: ExecOptions): Promise<CallResult>;
  /** Ends the run; replay checks that no recorded cell went unused. */
  close(): Promise<void>;
}
