/**
 * The one protocol between a run (the parent, holding the runner) and its notebook process (the
 * child, running the cells): JSON lines over a Unix socket the child connects to once, before any
 * cell runs. Cell code cannot write to it: the socket's file is gone once connected, and the
 * process's standard output, which cells can write, is only ever cell output.
 */
import type { Capability } from "../capability/registry.ts";
import type { CallResult, Mode } from "../lab/runner.ts";
import type { CellEvent } from "../cell/events.ts";
import type { CellPlan } from "../cell/hooks.ts";

export type { CellStatus } from "../cell/events.ts";

/** What the notebook process is started with (its one argument, as JSON). */
export interface ChildConfig {
  /** file: URL of the generated module. */
  module: string;
  /** The notebook's path, as errors should name it. */
  notebook: string;
  /** The Unix socket to connect to. */
  socket: string;
  mode: Mode;
  /** What the lab has: probed (live, record) or as recorded (replay). */
  capabilities: Capability[];
  cells: Record<string, CellPlan>;
}

/** What happens as cells run: news for whoever watches the run (the terminal, a test). */
export type NotebookEvent =
  | CellEvent
  | { t: "error"; cell?: string; line?: number; name: string; message: string; stack?: string }
  | { t: "done" };

/** What the notebook process asks of the runner its parent holds. */
export type LabRequest =
  | { t: "begin-cell"; cell: string }
  | { t: "end-cell"; id: number; cell: string }
  | { t: "exec"; id: number; cell: string; command: string; timeout?: number };

/** Everything the notebook process sends. */
export type ChildMessage = NotebookEvent | LabRequest;

/** The parent's answer to a request with an id. */
export interface LabReply {
  id: number;
  result?: CallResult;
  error?: { name: string; message: string };
}

/** Events a run reports: the notebook process's, and when the lab is ready. */
export type RunEvent = NotebookEvent | { t: "ready"; mode: Mode; labPid?: number };

/** Whether a message from the child is a request for the runner (not news). */
export function isRequest(m: ChildMessage): m is LabRequest {
  return m.t === "begin-cell" || m.t === "end-cell" || m.t === "exec";
}
