/**
 * The notebook process: runs one notebook's cells in one module scope and reports what happens
 * as events on standard output. It may read the repository and its generated module, and
 * nothing else: no programs, no writes, no network, in every mode. Lab commands go to the
 * parent (runNotebook), which holds the runner, and the answers come back on standard input.
 * When the parent goes away (standard input closes), this process ends.
 */
import type { Capability } from "../notebook/front_matter.ts";
import type { Mode } from "../lab/runner.ts";
import { type CellPlan, configureCells, currentCell } from "./cell_hooks.ts";
import { EVENT_MARK, type RunEvent } from "./events.ts";
import { RemoteRunner, type Reply } from "./remote_runner.ts";

export interface ChildConfig {
  /** file: URL of the generated module. */
  module: string;
  /** The notebook's path, as errors should name it. */
  notebook: string;
  mode: Mode;
  /** What the lab has: probed (live, record) or as recorded (replay). */
  capabilities: Capability[];
  cells: Record<string, CellPlan>;
}

const encoder = new TextEncoder();
function emit(event: RunEvent): void {
  Deno.stdout.writeSync(encoder.encode(EVENT_MARK + JSON.stringify(event) + "\n"));
}

const config: ChildConfig = JSON.parse(Deno.args[0]);
const runner = new RemoteRunner(config.mode, config.capabilities, emit);

// Replies from the parent, one JSON line each; the end of input means the parent is gone.
(async () => {
  let buffer = "";
  for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      runner.receive(JSON.parse(buffer.slice(0, nl)) as Reply);
      buffer = buffer.slice(nl + 1);
    }
  }
  Deno.exit(70);
})();

// Cells' console output belongs to the cell that printed it.
const streams = { log: "stdout", info: "stdout", debug: "stdout", warn: "stderr", error: "stderr" };
for (const [method, name] of Object.entries(streams) as [keyof typeof streams, "stdout"][]) {
  console[method] = (...args: unknown[]) =>
    emit({
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

function fail(error: unknown): never {
  const err = error instanceof Error ? error : new Error(String(error));
  const here = (s: string) => s.replaceAll(config.module, config.notebook);
  const stack = err.stack ?? "";
  // Errors answered by the parent carry the cell's stack from where the request was made.
  const site = (err as { site?: string }).site ?? "";
  const line = lineOf(stack) ?? lineOf(site) ?? lineOf(err.message);
  let cell = currentCell();
  if (!cell && line) {
    cell = Object.entries(config.cells).findLast(([, plan]) => plan.line <= line)?.[0];
  }
  emit({
    t: "error",
    cell,
    line: line ?? (cell ? config.cells[cell]?.line : undefined),
    name: err.name,
    message: here(err.message),
    stack: here(stack),
  });
  Deno.exit(1);
}

globalThis.addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  fail(e.reason);
});

try {
  configureCells(runner, emit, config.cells);
  await import(config.module);
  emit({ t: "done" });
  Deno.exit(0);
} catch (e) {
  fail(e);
}
