import type { Mode } from "../lab/runner.ts";
import type { MimeBundle } from "../render/mime.ts";
import type { Transcript } from "../render/transcript.ts";

/** What the notebook process reports (and asks), one JSON line each, as the run goes. */
export type RunEvent =
  | { t: "ready"; mode: Mode; sandboxPid?: number }
  | { t: "cell-start"; cell: string }
  | { t: "command-start"; cell: string; command: string }
  | { t: "command"; cell: string; transcript: Transcript }
  | { t: "display"; cell: string; bundle: MimeBundle }
  | { t: "stream"; cell: string; name: "stdout" | "stderr"; text: string }
  | { t: "cell-end"; cell: string; status: CellStatus; ms: number; note?: string }
  | { t: "error"; cell?: string; line?: number; name: string; message: string; stack?: string }
  | { t: "done" }
  // Requests of the notebook process to the runner its parent holds (not passed to hooks).
  | { t: "begin-cell"; cell: string }
  | { t: "end-cell"; id: number; cell: string }
  | { t: "exec"; id: number; cell: string; command: string; timeout?: number };

export type CellStatus = "ok" | "expected-error" | "skipped" | "failed";

/** Marks event lines on the notebook process's standard output. */
export const EVENT_MARK = "\x1e";
