import type { MimeBundle } from "../render/mime.ts";
import type { Transcript } from "../render/transcript.ts";
import type { Runner } from "./runner.ts";

/** Where cells' outputs go: the notebook process's event stream, or a Jupyter kernel. */
export interface OutputSink {
  commandStart(cell: string, command: string): void;
  /** Commands wait until their transcript is shown (a Jupyter display is asynchronous). */
  command(cell: string, transcript: Transcript): void | Promise<void>;
  display(cell: string, bundle: MimeBundle): void | Promise<void>;
}

/** The state cells run in: one runner for the whole run, and the cell now running. */
export interface Session {
  runner: Runner;
  sink: OutputSink;
  cell: string;
  /** The current cell is marked expect-error: failing commands do not throw. */
  expectError: boolean;
  /** Something in the current cell failed (for expect-error cells). */
  failed: boolean;
}

let current: Session | undefined;

export function setSession(session: Session | undefined): void {
  current = session;
}

/** The running session; cells outside a notebook run get a clear error. */
export function session(): Session {
  if (!current) {
    throw new Error(
      "netbook has no lab yet: run cells through `deno task notebook`, or start one first " +
        "with `await netbook.start(...)` (the first cell of an exported .ipynb does this)",
    );
  }
  return current;
}
