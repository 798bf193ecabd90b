/** Why a cell failed. */
export type CellErrorKind =
  /** The cell's code threw (a failed check, a CommandError, a TypeError ...). */
  | "error"
  /** The cell ran past its time limit. */
  | "timeout"
  /** The notebook process ran out of memory in this cell. */
  | "out-of-memory"
  /** The recording does not match what the cell does (replay), or is missing. */
  | "fixture"
  /** The lab cannot run the cell (a missing capability, a lab that ended). */
  | "lab"
  /** The notebook process ended without saying why. */
  | "process"
  /** The run was stopped from outside (Ctrl-C). */
  | "interrupted";

/** What failed inside the cell, as the notebook process reported it. */
export interface CellFailure {
  name: string;
  message: string;
  stack?: string;
}

/** A cell failed; the message already names the notebook file and line. */
export class CellError extends Error {
  /** "CellError", as `error.name`. */
  override name = "CellError";
  /** A failure of `cell`, at `line` of its notebook; the cause is what failed inside it. */
  constructor(
    message: string,
    readonly cell: string,
    readonly line: number,
    readonly kind: CellErrorKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A cell ran past its time limit, and its notebook process was stopped. */
export class CellTimeoutError extends CellError {
  /** "CellTimeoutError", as `error.name`. */
  override name = "CellTimeoutError";
  /** `cell` ran past `limitMs` milliseconds. */
  constructor(message: string, cell: string, line: number, readonly limitMs: number) {
    super(message, cell, line, "timeout");
  }
}
