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
import { setSession } from "../cell/session.ts";
import type { CellEvent } from "../cell/events.ts";
import type { FenceKind } from "../notebook/fence_kind.ts";
import type { NotebookConfig, WorkerMessage, WorkerReply } from "./protocol.ts";
import { RemoteRunner } from "./remote_runner.ts";

/** The worker's global scope, as used here (type-checked as a window's by `deno task check`). */
interface WorkerScope {
  name: string;
  postMessage(message: WorkerMessage): void;
  addEventListener(type: "message", listener: (e: MessageEvent<WorkerReply>) => void): void;
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

const runner = new RemoteRunner(config.mode, config.capabilities, ask);
const session = {
  runner,
  cell: "",
  expectError: false,
  failed: false,
  unawaited: new Map<object, string>(),
  reads: new Map(),
  /** What cells print and show goes to the parent; transcripts it makes itself. */
  emit(event: CellEvent) {
    if (event.t === "display") post({ t: "display", bundle: event.bundle });
    if (event.t === "stream") post({ t: "stream", name: event.name, text: event.text });
  },
};
setSession(session);

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

/** Reports what was thrown; the parent says it at the notebook's own line. */
function fail(thrown: unknown): void {
  if (thrown instanceof Error) {
    // Errors answered by the parent carry the cell's stack from where the request was made.
    const site = (thrown as { site?: string }).site;
    post({ t: "failed", name: thrown.name, message: thrown.message, stack: thrown.stack, site });
  } else {
    const message = `the cell threw a value that is not an Error: ${
      Deno.inspect(thrown, { depth: 4 })
    }`;
    post({ t: "failed", name: "Error", message });
  }
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

/** A cell built commands with $`...` and never awaited them: nothing ran, which is a mistake. */
function checkAwaited(cell: string): void {
  const sites = [...session.unawaited.values()];
  session.unawaited.clear();
  if (!sites.length) return;
  const error = new Error(
    `cell "${cell}" built ${sites.length === 1 ? "a command" : `${sites.length} commands`} ` +
      "with $`...` and never awaited " + (sites.length === 1 ? "it" : "them") +
      ", so nothing ran. Write `await $`...``.",
  );
  // The first forgotten call's frames, so that the failure points at its line.
  Object.assign(error, { site: sites[0] });
  throw error;
}

/** What each fence this module reaches begins or ends, in order (what fencePlan says). */
const plan = config.cells.flatMap((cell) =>
  cell.skip ? [{ kind: "skip", cell }] : [{ kind: "begin", cell }, { kind: "end", cell }]
);
let at = 0;

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
    if (reply.error) throw Object.assign(new Error(reply.error.message), reply.error);
  },
  /** A cell starts; false if its lab lacks what it requires (its code is then skipped). */
  begin(key: string): Promise<boolean> {
    const cell = upcoming();
    reached("begin", key);
    session.cell = cell?.id ?? "";
    session.expectError = Boolean(cell?.expectError);
    session.failed = false;
    session.unawaited.clear();
    session.reads.clear();
    return Promise.resolve((cell?.requires ?? []).every((c) => runner.capabilities.has(c)));
  },
  /** The cell's code ran to its end. */
  end(key: string): Promise<void> {
    if (session.cell) checkAwaited(session.cell);
    reached("end", key);
    session.cell = "";
    return Promise.resolve();
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
});
