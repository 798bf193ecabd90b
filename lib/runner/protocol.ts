/**
 * The protocol between a run (the parent, holding the runner) and its notebook process. The
 * notebook process has two parts: its main thread, which runs only netbook's code and holds the
 * channel to the parent (JSON lines over a Unix socket it connects to once, before any cell
 * runs), and one Worker per notebook, which runs that notebook's cells and may read the
 * repository and nothing else. A worker talks only to the main thread, which passes what it says
 * on, tagged with the notebook's place (`n`), and hands the parent's replies back.
 *
 * Nothing a worker says is believed: cell code shares the worker with netbook's side of it and
 * can send anything. The parent decides which cell runs and how it ended from the fences of the
 * generated module (see to_module.ts): each carries a key only the parent and the module's own
 * fence line know, the parent expects them in the order the notebook has them, and a cell ended
 * well only when the fence after its code was reached. Transcripts are made by the parent from
 * the commands it ran; a worker's words are only outputs (what cells print and show) and failures.
 */
import type { Capability, LabOffer } from "../capability/registry.ts";
import type { CallResult, ExecOptions, Mode } from "../cell/runner.ts";
import type { CellEvent } from "../cell/events.ts";
import type { CellPlan } from "../cell/hooks.ts";
import type { VerdictData } from "../cell/verdict.ts";
import type { FenceKind } from "../notebook/fence_kind.ts";
import type { MimeBundle } from "../render/mime.ts";

export type { CellStatus } from "../cell/events.ts";

/**
 * An error as data, as it crosses between a run and its notebook process (errorToData and
 * errorFromData of lib/execute/error_data.ts make and read it).
 */
export interface ErrorData {
  /** The class to rebuild: a key of CLASSES; "Error" for any class not there. */
  kind: string;
  /** Its `name`, which may differ from its class's (a notebook's own class crosses as an Error). */
  name: string;
  message: string;
  /** What its class holds besides its message (a CommandError's command and result). */
  data?: Record<string, unknown>;
  stack?: string;
  cause?: ErrorData;
}

/** One notebook the notebook process runs: the worker that runs it is started with this. */
export interface NotebookConfig {
  /** file: URL of the generated module (the worker's main module). */
  module: string;
  /** The notebook's path, as errors should name it. */
  notebook: string;
  mode: Mode;
  /** What the lab has: probed (live, record) or as recorded (replay). */
  capabilities: Capability[];
  /**
   * The notebook's cells in order, as their fence lines say, so that the worker knows what each
   * fence it reaches begins (the parent decides, from the fences' keys, what really happened),
   * with what its exercises need (roles, an answer's choices). `gated`: the cell waits at a gate.
   */
  cells: (CellPlan & { id: string; skip: boolean; gated?: boolean })[];
  /** The kind of lab the cells run in ("netns", "vm"); absent on replay. */
  lab?: string;
  /** The other kinds of lab the run could use, and what each can have (for skipped cells). */
  elsewhere?: LabOffer[];
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
 * to, and the notebooks to run, in order, each in a worker of its own. A notebook that fails
 * ends only its worker; the parent starts another process only when this one dies.
 */
export interface ChildConfig {
  socket: string;
  notebooks: NotebookConfig[];
}

/**
 * What a notebook's worker sends (through the main thread). Requests carry an `id` and get a
 * WorkerReply with it; of the fences, only `open` waits for one (the notebook's turn), the rest
 * the worker passes without waiting: the parent takes them in order with everything else.
 */
export type WorkerMessage =
  /** A fence of the generated module was reached, with the key written on it. */
  | { t: "fence"; id: number; kind: FenceKind; key: string }
  /** A lab command; `show` says how its transcript reads (none: quiet). */
  | { t: "exec"; id: number; command: string } & ExecOptions
  | { t: "stream"; name: "stdout" | "stderr"; text: string }
  | { t: "display"; bundle: MimeBundle }
  /**
   * The cells' code threw, or a timer or promise of theirs did: what it threw, as data, and
   * where the cell made the request a runner's error answered (the cell's own frames).
   */
  | { t: "failed"; error: ErrorData; site?: string }
  /** A cell called Deno.exit (or process.exit): the worker ends. */
  | { t: "exit"; code: number }
  /** The worker is ending (close(), Deno.exit): nothing more comes from it. */
  | { t: "closed" }
  /** The answer to a ParentAsk. */
  | { t: "told"; id: number; verdict?: VerdictData; hint?: string; error?: ErrorData };

/** Everything the notebook process sends: `n` is the notebook's place in ChildConfig.notebooks. */
export type ChildMessage = WorkerMessage & { n: number };

/** The parent's answer to a request of a notebook's worker. */
export interface WorkerReply {
  id: number;
  /** An exec's result. */
  result?: CallResult;
  /**
   * A begin fence: whether the cell's code runs (false: its lab lacks what it requires); a gate
   * fence: whether whoever steers the run lets the cell run (false: it is skipped).
   */
  run?: boolean;
  /** A begin fence: the cell that starts, and whether failing commands are expected in it. */
  cell?: string;
  expectError?: boolean;
  /** The request failed: the runner's error (a stale recording, a lab that ended), as data. */
  error?: ErrorData;
}

/** What the parent sends the notebook process. */
export type ParentMessage =
  | WorkerReply & { n: number }
  /** Notebook n is over: end its worker (its timers and promises with it). */
  | { t: "stop"; n: number }
  | ParentAsk & { n: number };

/** What happens as cells run: news for whoever watches the run (the terminal, a test). */
export type NotebookEvent =
  | CellEvent
  | { t: "error"; cell?: string; line?: number; name: string; message: string; stack?: string }
  | { t: "done" };

/** What the parent asks of a gated notebook's worker: an exercise's check, or its lab hint. */
export interface ParentAsk {
  t: "ask";
  id: number;
  what: "check" | "hint";
  exercise: string;
}

/** Events a run reports: the parent's account of the notebook, and when the lab is ready. */
export type RunEvent = NotebookEvent | { t: "ready"; mode: Mode; labPid?: number };
