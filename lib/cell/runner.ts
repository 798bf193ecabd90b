import type { Capability } from "../capability/registry.ts";

/** What one command did, as a cell sees it. */
export interface CallResult {
  /** What it printed, as text. */
  stdout: string;
  /** What it printed on standard error, as text. */
  stderr: string;
  /** Its exit code (124 when it ran out of time). */
  code: number;
  /** Wall-clock duration in milliseconds. */
  ms: number;
  /** It was stopped at its time limit (milliseconds); `code` is then 124. */
  timedOut?: number;
}

/** live (in a lab), record (live, and saved as the fixture) or replay (from the fixture). */
export type Mode = "live" | "record" | "replay";

/**
 * How a call reads as a transcript: as its own line, or as the command a background or waiting
 * line was built around (lib/cell/command_line.ts). A runner that only runs the call ignores it.
 */
export type ShownAs =
  | { kind: "line" }
  | { kind: "background"; command: string }
  | { kind: "wait"; command: string; limit: number; every: number };

/** How one command runs. */
export interface ExecOptions {
  /** Milliseconds before the command is stopped (it then exits 124). */
  timeout?: number;
  /** How its transcript reads; absent, it is not shown. */
  show?: ShownAs;
  /** A non-zero exit is expected (it is a result, not an error). */
  noThrow?: boolean;
}

/**
 * Runs lab commands. Calls are keyed by the cell that makes them and their order within that
 * cell, so one cell can be run again (as in Jupyter) and get the same answers on replay.
 */
export interface Runner {
  /** How this runner answers. */
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
