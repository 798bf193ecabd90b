/**
 * The notebook process: runs notebooks' cells, each notebook in one module scope, one after the
 * other. It may read the repository and its generated modules, and nothing else: no programs, no
 * writes, no network, no web storage, no module that is not already locked and cached, in every
 * mode. It reports on, and asks the runner through, a Unix socket it connects to before any cell
 * runs (see protocol.ts); when the parent goes away (the socket closes), this process ends.
 */
import { configureCells, currentCell, labHint, runCheck } from "../cell/hooks.ts";
import { jsonLine, readJsonLines } from "../io/json_lines.ts";
import type {
  ChildConfig,
  LabReply,
  LabRequest,
  NotebookConfig,
  NotebookEvent,
  ParentAsk,
} from "./protocol.ts";
import { RemoteRunner } from "./remote_runner.ts";

// Web storage and the Cache API would write under Deno's own folders: cells get neither.
for (const name of ["localStorage", "sessionStorage", "caches"]) {
  Reflect.deleteProperty(globalThis, name);
}

const config: ChildConfig = JSON.parse(Deno.args[0]);
const conn = await Deno.connect({ transport: "unix", path: config.socket });
// Bound now, before any cell code runs: a cell that patches globals cannot reach the channel.
const writer = conn.writable.getWriter();
let n = 0;
let notebook: NotebookConfig = config.notebooks[0];
const send = (message: NotebookEvent | LabRequest): Promise<void> =>
  writer.write(jsonLine({ ...message, n }));
let runner!: RemoteRunner;

/** Sends what is queued, then exits. */
async function exit(code: number): Promise<never> {
  await writer.close().catch(() => {});
  Deno.exit(code);
}

// Replies from the parent; the end of the connection means the parent is gone.
(async () => {
  try {
    for await (const message of readJsonLines<LabReply | ParentAsk>(conn.readable)) {
      if ("t" in message && message.t === "ask") answer(message);
      else runner.receive(message as LabReply);
    }
  } catch {
    // The connection broke: the parent is gone.
  }
  Deno.exit(70);
})();

// Cells' console output belongs to the cell that printed it.
const streams = { log: "stdout", info: "stdout", debug: "stdout", warn: "stderr", error: "stderr" };
for (const [method, name] of Object.entries(streams) as [keyof typeof streams, "stdout"][]) {
  console[method] = (...args: unknown[]) =>
    void send({
      t: "stream",
      cell: currentCell() ?? "",
      name,
      text: args.map((a) => typeof a === "string" ? a : Deno.inspect(a)).join(" ") + "\n",
    });
}

// Bytes a cell writes to standard output or error itself are its output too, in order with the
// rest (the process's own standard output is read by the parent only as a fallback).
for (const [stream, name] of [[Deno.stdout, "stdout"], [Deno.stderr, "stderr"]] as const) {
  const decoder = new TextDecoder();
  const proto = Object.getPrototypeOf(stream);
  const emitBytes = (p: Uint8Array) => {
    send({ t: "stream", cell: currentCell() ?? "", name, text: decoder.decode(p) });
    return p.length;
  };
  proto.writeSync = emitBytes;
  proto.write = (p: Uint8Array) => Promise.resolve(emitBytes(p));
}

/** Answers what the parent asks of a gated run: a check's verdict, a hint from the lab. */
async function answer(ask: ParentAsk): Promise<void> {
  try {
    if (ask.what === "check") {
      await send({ t: "told", id: ask.id, verdict: await runCheck(ask.exercise) });
    } else {
      await send({ t: "told", id: ask.id, hint: await labHint(ask.exercise) });
    }
  } catch (e) {
    await send({ t: "told", id: ask.id, error: e instanceof Error ? e.message : String(e) });
  }
}

function lineOf(stack: string): number | undefined {
  const escaped = notebook.module.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`${escaped}:(\\d+)`).exec(stack);
  return m ? Number(m[1]) : undefined;
}

/**
 * The notebook line a failure is reported at: the deepest frame of the stack inside the running
 * cell (a check that fails in a helper another cell defined, such as `expect(...)`, is reported
 * where this cell called it), else the deepest frame in the notebook.
 */
function lineIn(stack: string, cell: string | undefined): number | undefined {
  const escaped = notebook.module.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const lines = [...stack.matchAll(new RegExp(`${escaped}:(\\d+)`, "g"))].map((m) => Number(m[1]));
  const plan = cell === undefined ? undefined : notebook.cells[cell];
  if (!plan) return lines[0];
  const end = Object.values(notebook.cells).map((p) => p.line).filter((l) => l > plan.line)
    .reduce((a, b) => Math.min(a, b), Infinity);
  return lines.find((l) => l >= plan.line && l < end) ?? lines[0];
}

/** What was thrown, as a reader should see it: an Error as itself, anything else inspected. */
function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(
    `the cell threw a value that is not an Error: ${Deno.inspect(thrown, { depth: 4 })}`,
  );
}

/** Reports a failure at the notebook's own file:line, and ends the process. */
async function fail(thrown: unknown): Promise<never> {
  const err = asError(thrown);
  const here = (s: string) => s.replaceAll(notebook.module, notebook.notebook);
  const stack = err.stack ?? "";
  // Errors answered by the parent carry the cell's stack from where the request was made.
  const site = (err as { site?: string }).site ?? "";
  let cell = currentCell();
  const line = lineIn(site, cell) ?? lineIn(stack, cell) ?? lineOf(err.message);
  if (!cell && line) {
    cell = Object.entries(notebook.cells).findLast(([, plan]) => plan.line <= line)?.[0];
  }
  // A module that does not compile is reported by Deno as a TypeError wrapping the SyntaxError.
  const syntax = /^SyntaxError: /.exec(err.message) && err.name === "TypeError";
  const unlocked = /lockfile is out of date|not found in cache|remote specifier was requested/
    .test(err.message);
  const message = syntax
    ? err.message.replace(/^SyntaxError: /, "")
    : unlocked
    ? "a cell imports code that netbook has not locked and cached; notebooks may import only " +
      `what netbook's deno.lock holds.\n${err.message}`
    : err.message;
  await send({
    t: "error",
    cell,
    line: line ?? (cell ? notebook.cells[cell]?.line : undefined),
    name: syntax ? "SyntaxError" : err.name,
    message: here(message),
    stack: here(stack),
  });
  return await exit(1);
}

globalThis.addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  fail(e.reason);
});

for ([n, notebook] of config.notebooks.entries()) {
  runner = new RemoteRunner(notebook.mode, notebook.capabilities, (r: LabRequest) => send(r));
  try {
    const gated = notebook.gated ? runner : undefined;
    configureCells(runner, (event) => send(event), notebook.cells, {
      strict: !gated,
      gate: gated && ((cell) => gated.gate(cell)),
      lab: notebook.lab,
      lang: notebook.lang,
    });
    await import(notebook.module);
    // A steered run waits at its end too: the parent may still ask for checks there.
    await gated?.gate("");
    await send({ t: "done" });
  } catch (e) {
    await fail(e);
  }
}
await exit(0);
