import type { MimeBundle } from "../render/mime.ts";
import type { Transcript } from "../render/transcript.ts";

/** How a cell ended. */
export type CellStatus = "ok" | "expected-error" | "skipped" | "failed";

/** What cells report as they run, wherever they run (a notebook process, a Jupyter kernel). */
export type CellEvent =
  | { t: "cell-start"; cell: string }
  | { t: "command-start"; cell: string; command: string }
  | { t: "command"; cell: string; transcript: Transcript }
  | { t: "display"; cell: string; bundle: MimeBundle }
  | { t: "stream"; cell: string; name: "stdout" | "stderr"; text: string }
  | {
    t: "cell-end";
    cell: string;
    status: CellStatus;
    ms: number;
    note?: string;
    /** A skipped cell's: the kind of lab that has what it requires (`--backend vm`). */
    elsewhere?: string;
  };
