import type { Notebook } from "../notebook/model.ts";
import type { Mode } from "../cell/runner.ts";
import type { MimeBundle } from "../render/mime.ts";
import type { Transcript } from "../render/transcript.ts";
import type { CellError } from "./errors.ts";
import type { CellStatus } from "../cell/events.ts";

/** One thing a cell showed, in order. */
export type Output =
  | { type: "command"; transcript: Transcript }
  | { type: "display"; bundle: MimeBundle }
  | { type: "stream"; name: "stdout" | "stderr"; text: string };

/** What one cell did. */
export interface CellResult {
  /** The cell's id. */
  id: string;
  /** How it ended, or that it never ran. */
  status: CellStatus | "not-run";
  /** How long it took, in milliseconds. */
  ms: number;
  /** Why it was skipped. */
  note?: string;
  /** What it showed, in order. */
  outputs: Output[];
}

/** What a run did, cell by cell. */
export interface RunResult {
  /** The notebook that ran. */
  notebook: Notebook;
  /** How it ran. */
  mode: Mode;
  /** Why this mode was chosen, in words for the reader. */
  reason: string;
  /** Every cell passed (or was skipped). */
  ok: boolean;
  /** Each cell, in order. */
  cells: CellResult[];
  /** The failure that ended the run, at the notebook's file:line. */
  error?: CellError;
  /** Record mode: the fixture written. */
  fixture?: string;
}
