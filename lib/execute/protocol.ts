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
import type { VerdictData } from "../cell/verdict.ts";

export type { CellStatus } from "../cell/events.ts";

/** One notebook the notebook process runs. */
export interface NotebookConfig {
  /** file: URL of the generated module. */
  module: string;
  /** The notebook's path, as errors should name it. */
  notebook: string;
  mode: Mode;
  /** What the lab has: probed (live, record) or as recorded (replay). */
  capabilities: Capability[];
  cells: Record<string, CellPlan>;
  /** The kind of lab the cells run in ("netns", "vm"); absent on replay. */
  lab?: string;
  /** The notebook's language (front matter `lang`), for what checks and hints say. */
  lang?: string;
  /**
   * The parent steers the run (step mode, the lab shell): each cell waits for its go-ahead, and
   * the end of the notebook waits too, so that checks can still run there.
   */
  gated?: boolean;
}

/**
 * What the notebook process is started with (its one argument, as JSON): the socket to connect
 * to, and the notebooks to run, in order, each in a module scope of its own. It stops at the
 * first notebook that fails; the parent starts another for the rest.
 */
export interface ChildConfig {
  socket: string;
  notebooks: NotebookConfig[];
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
  | { t: "exec"; id: number; cell: string; command: string; timeout?: number }
  /** May cell `cell` run? ("" is the end of the notebook: the answer is only awaited.) */
  | { t: "gate"; id: number; cell: string }
  /** The answer to a ParentAsk. */
  | { t: "told"; id: number; verdict?: VerdictData; hint?: string; error?: string };

/** Everything the notebook process sends: `n` is the notebook's place in ChildConfig.notebooks. */
export type ChildMessage = (NotebookEvent | LabRequest) & { n: number };

/** The parent's answer to a request with an id. */
export interface LabReply {
  id: number;
  result?: CallResult;
  /** The answer to a gate: the cell runs (true) or is skipped. */
  go?: boolean;
  error?: { name: string; message: string };
}

/** What the parent asks of a gated notebook process: an exercise's check, or its lab hint. */
export interface ParentAsk {
  t: "ask";
  id: number;
  what: "check" | "hint";
  exercise: string;
}

/** Events a run reports: the notebook process's, and when the lab is ready. */
export type RunEvent = NotebookEvent | { t: "ready"; mode: Mode; labPid?: number };
