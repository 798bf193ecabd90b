import type { Notebook } from "../notebook/model.ts";
import type { Mode } from "../lab/runner.ts";
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
  id: string;
  status: CellStatus | "not-run";
  ms: number;
  note?: string;
  outputs: Output[];
}

/** What a run did, cell by cell. */
export interface RunResult {
  notebook: Notebook;
  mode: Mode;
  /** Why this mode was chosen, in words for the reader. */
  reason: string;
  ok: boolean;
  cells: CellResult[];
  error?: CellError;
  /** Record mode: the fixture written. */
  fixture?: string;
}
