/**
 * The notebook process: runs one notebook's cells in one module scope. It may read the
 * repository and its generated module, and nothing else: no programs, no writes, no network, no
 * web storage, no module that is not already locked and cached, in every mode. It reports on,
 * and asks the runner through, a Unix socket it connects to before any cell runs (see
 * protocol.ts); when the parent goes away (the socket closes), this process ends.
 */
import { type CellPlan, configureCells, currentCell } from "../cell/hooks.ts";
import type { CellEvent } from "../cell/events.ts";
import { jsonLine, readJsonLines } from "../io/json_lines.ts";
import type { ChildConfig, ChildMessage, LabReply } from "./protocol.ts";
import { RemoteRunner } from "./remote_runner.ts";

// Web storage and the Cache API would write under Deno's own folders: cells get neither.
for (const name of ["localStorage", "sessionStorage", "caches"]) {
  Reflect.deleteProperty(globalThis, name);
}

const config: ChildConfig = JSON.parse(Deno.args[0]);
const conn = await Deno.connect({ transport: "unix", path: config.socket });
// Bound now, before any cell code runs: a cell that patches globals cannot reach the channel.
const writer = conn.writable.getWriter();
const send = (message: ChildMessage): Promise<void> => writer.write(jsonLine(message));
const runner = new RemoteRunner(config.mode, config.capabilities, send);

/** Sends what is queued, then exits. */
async function exit(code: number): Promise<never> {
  await writer.close().catch(() => {});
  Deno.exit(code);
}

// Replies from the parent; the end of the connection means the parent is gone.
(async () => {
  try {
    for await (const reply of readJsonLines<LabReply>(conn.readable)) runner.receive(reply);
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

function lineOf(stack: string): number | undefined {
  const escaped = config.module.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`${escaped}:(\\d+)`).exec(stack);
  return m ? Number(m[1]) : undefined;
}

/** What was thrown, as a reader should see it: an Error as itself, anything else inspected. */
function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const error = new Error(
    typeof thrown === "string" ? thrown : `a cell threw ${Deno.inspect(thrown, { depth: 4 })}`,
  );
  error.name = "Thrown";
  return error;
}

async function fail(thrown: unknown): Promise<never> {
  const err = asError(thrown);
  const here = (s: string) => s.replaceAll(config.module, config.notebook);
  const stack = err.stack ?? "";
  // Errors answered by the parent carry the cell's stack from where the request was made.
  const site = (err as { site?: string }).site ?? "";
  const line = lineOf(site) ?? lineOf(stack) ?? lineOf(err.message);
  let cell = currentCell();
  if (!cell && line) {
    cell = Object.entries(config.cells).findLast(([, plan]) => plan.line <= line)?.[0];
  }
  await send({
    t: "error",
    cell,
    line: line ?? (cell ? config.cells[cell]?.line : undefined),
    name: err.name,
    message: here(err.message),
    stack: here(stack),
  });
  return await exit(1);
}

globalThis.addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  fail(e.reason);
});

try {
  configureCells(
    runner,
    (event: CellEvent) => send(event),
    config.cells as Record<string, CellPlan>,
  );
  await import(config.module);
  await send({ t: "done" });
  await exit(0);
} catch (e) {
  await fail(e);
}
