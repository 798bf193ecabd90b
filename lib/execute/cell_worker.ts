/**
 * The side of netbook that runs inside a notebook's worker, imported first by its generated
 * module (see module_header.ts): it sets up the session the cells' `$`, `lab` and `show` use,
 * sends what cells print and show, and the fences the module reaches, to the notebook process's
 * main thread, and reports failures. The worker may read the repository and nothing else (not
 * even its own module); everything else about it (what cells can reach) is in protocol.ts.
 *
 * Cell code shares this worker and can call anything here: none of it is trusted by the run. A
 * fence counts only with the key written on its own line of the module, which cells cannot read.
 */
import {
  configureCells,
  labHint,
  nb as hooks,
  runCheck,
  solutionBegins,
  solutionEnds,
} from "../cell/hooks.ts";
import { checkAwaited } from "../cell/check_awaited.ts";
import type { CellEvent } from "../cell/events.ts";
import type { FenceKind } from "../notebook/fence_kind.ts";
import type { NotebookConfig, ParentAsk, WorkerMessage, WorkerReply } from "../runner/protocol.ts";
import { errorFromData, errorToData } from "./error_data.ts";
import { RemoteRunner } from "../runner/remote_runner.ts";

/** The worker's global scope, as used here (type-checked as a window's by `deno task check`). */
interface WorkerScope {
  name: string;
  postMessage(message: WorkerMessage): void;
  addEventListener(
    type: "message",
    listener: (e: MessageEvent<WorkerReply | ParentAsk>) => void,
  ): void;
  addEventListener(type: "error", listener: (e: ErrorEvent) => void): void;
  addEventListener(type: "unhandledrejection", listener: (e: PromiseRejectionEvent) => void): void;
  addEventListener(type: "unload", listener: () => void): void;
}
const scope = globalThis as unknown as WorkerScope;

// Taken before any cell's code runs: a cell may replace globals afterwards, not these.
const post: (message: WorkerMessage) => void = scope.postMessage.bind(scope);
const exit = Deno.exit;
const config: NotebookConfig = JSON.parse(scope.name);

// Web storage and the Cache API would write under Deno's own folders; a BroadcastChannel would
// reach the next notebook's worker: cells get none of them.
for (const name of ["localStorage", "sessionStorage", "caches", "BroadcastChannel"]) {
  Reflect.deleteProperty(globalThis, name);
}

const waiting = new Map<number, (reply: WorkerReply) => void>();
let next = 1;

// Replies from the parent, through the main thread. A cell can dispatch message events of its
// own, but not trusted ones.
scope.addEventListener("message", (e) => {
  if (!e.isTrusted) return;
  if ("t" in e.data) return void answerAsk(e.data);
  const answer = waiting.get(e.data.id);
  waiting.delete(e.data.id);
  answer?.(e.data);
});

/** Sends a request and waits for the parent's reply. */
function ask(request: (id: number) => WorkerMessage): Promise<WorkerReply> {
  const id = next++;
  post(request(id));
  return new Promise((resolve) => waiting.set(id, resolve));
}

const runner = new RemoteRunner(config.mode, config.capabilities, ask, errorFromData);
/** What cells print and show goes to the parent; transcripts and cells' ends it makes itself. */
function emit(event: CellEvent): void {
  if (event.t === "display") post({ t: "display", bundle: event.bundle });
  if (event.t === "stream") post({ t: "stream", name: event.name, text: event.text });
}
// The session cells use, with the notebook's exercises (checks, hints, answers); a run that is
// not steered checks itself (a check must fail before its solution).
const session = configureCells(
  runner,
  emit,
  Object.fromEntries(config.cells.map((cell) => [cell.id, cell])),
  { strict: !config.gated, lab: config.lab, elsewhere: config.elsewhere, lang: config.lang },
);

/** Answers what the parent asks of a steered run: a check's verdict, a hint from the lab. */
async function answerAsk(a: ParentAsk): Promise<void> {
  if (a.t !== "ask") return;
  try {
    if (a.what === "check") post({ t: "told", id: a.id, verdict: await runCheck(a.exercise) });
    else post({ t: "told", id: a.id, hint: await labHint(a.exercise) });
  } catch (e) {
    post({ t: "told", id: a.id, error: errorToData(e) });
  }
}

/** A text for anything, inspected when it is not a string. */
const text = (value: unknown) => typeof value === "string" ? value : Deno.inspect(value);

// Cells' console output is their output.
const streams = { log: "stdout", info: "stdout", debug: "stdout", warn: "stderr", error: "stderr" };
for (const [method, name] of Object.entries(streams) as [keyof typeof streams, "stdout"][]) {
  console[method] = (...args: unknown[]) =>
    post({ t: "stream", name, text: args.map(text).join(" ") + "\n" });
}

// Bytes a cell writes to standard output or error itself are its output too, in order with the
// rest (the process's own standard output is read by the parent only as a fallback).
for (const [stream, name] of [[Deno.stdout, "stdout"], [Deno.stderr, "stderr"]] as const) {
  const decoder = new TextDecoder();
  const proto = Object.getPrototypeOf(stream);
  const emitBytes = (p: Uint8Array) => {
    post({ t: "stream", name, text: decoder.decode(p) });
    return p.length;
  };
  proto.writeSync = emitBytes;
  proto.write = (p: Uint8Array) => Promise.resolve(emitBytes(p));
}

/** Reports what was thrown, as data (its class crosses); the parent says it at its own line. */
function fail(thrown: unknown): void {
  // Errors answered by the parent carry the cell's stack from where the request was made.
  const site = thrown instanceof Error ? (thrown as { site?: string }).site : undefined;
  post({ t: "failed", error: errorToData(thrown), ...(typeof site === "string" ? { site } : {}) });
}

scope.addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  fail(e.reason);
});
scope.addEventListener("error", (e) => {
  e.preventDefault();
  fail(e.error ?? new Error(e.message));
});
// Deno.exit in a worker ends the worker: the parent hears why.
Object.defineProperty(Deno, "exit", {
  value: (code = 0) => {
    post({ t: "exit", code });
    exit(code);
  },
  writable: false,
  configurable: false,
});
scope.addEventListener("unload", () => post({ t: "closed" }));

/** What each fence this module reaches begins or ends, in order (what fencePlan says). */
const plan = config.cells.flatMap((cell) =>
  cell.skip ? [{ kind: "skip", cell }] : [
    ...(cell.gated ? [{ kind: "gate", cell }] : []),
    { kind: "begin", cell },
    { kind: "end", cell },
  ]
);
let at = 0;
/** The current cell's lab lacks what it requires: its code did not run. */
let skipping = false;

/**
 * Tells the parent a fence was reached, with its key. Only the first fence waits (for the
 * notebook's turn); the parent takes the others in order with everything this worker sends, and
 * stops the worker if one is wrong, so no cell waits on it.
 */
function reached(kind: FenceKind, key: string): void {
  post({ t: "fence", id: 0, kind, key });
  if (plan[at]?.kind === kind) at++;
}

/** The cell a begin fence begins, as this worker counts. */
function upcoming(): (typeof config.cells)[number] | undefined {
  return plan[at]?.cell;
}

/** What the generated module's fence lines call (as `__nb`); see to_module.ts. */
export const fences = Object.freeze({
  /** Line 1's imports are loaded: waits until the run lets the notebook start. */
  async open(key: string): Promise<void> {
    const reply = await ask((id) => ({ t: "fence", id, kind: "open", key }));
    if (reply.error) throw errorFromData(reply.error);
  },
  /**
   * A steered cell (step mode, the lab shell) waits for whoever steers the run: true runs it,
   * false skips it (the parent says so).
   */
  async gate(key: string): Promise<boolean> {
    const reply = await ask((id) => ({ t: "fence", id, kind: "gate", key }));
    if (plan[at]?.kind === "gate") at++;
    if (reply.error) throw errorFromData(reply.error);
    // A skipped cell's begin and end are never reached.
    if (!reply.run) at += 2;
    return Boolean(reply.run);
  },
  /** A cell starts; false if its lab lacks what it requires (its code is then skipped). */
  async begin(key: string): Promise<boolean> {
    const cell = upcoming();
    reached("begin", key);
    session.cell = cell?.id ?? "";
    session.expectError = Boolean(cell?.expectError);
    session.failed = false;
    session.unawaited.clear();
    session.reads.clear();
    session.captures = 0;
    skipping = !(cell?.requires ?? []).every((c) => runner.capabilities.has(c));
    // A solution's check must find the lab unsolved first.
    if (!skipping && session.cell) await solutionBegins(session.cell);
    return !skipping;
  },
  /** The cell's code ran to its end. */
  async end(key: string): Promise<void> {
    if (session.cell && !skipping) {
      checkAwaited(session, session.cell);
      // A solution must pass its check.
      await solutionEnds(session.cell);
    }
    skipping = false;
    reached("end", key);
    session.cell = "";
  },
  /** A cell marked skip. */
  skip(key: string): Promise<void> {
    reached("skip", key);
    return Promise.resolve();
  },
  /** The module ran to its last line. */
  close(key: string): Promise<void> {
    reached("close", key);
    return Promise.resolve();
  },
  /** Stand-ins for the declarations of a cell skipped in step mode (see toStepModule). */
  skipped: hooks.skipped,
  /** Defines exercise `name`'s check (a ```ts check=NAME cell). */
  defineCheck: hooks.defineCheck,
  /** Defines exercise `name`'s hint from the lab (a ```ts hint=NAME cell). */
  defineHint: hooks.defineHint,
  /** Runs a question's answer cell's code and shows what the lab says. */
  answer: hooks.answer,
});
