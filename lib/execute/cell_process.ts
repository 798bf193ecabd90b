/**
 * The notebook process: runs one notebook's cells, in one module scope, with the permissions
 * its mode allows, and reports what happens as events on standard output. Started by
 * runNotebook(); it ends when its parent goes away (standard input closes).
 */
import type { Capability } from "../notebook/front_matter.ts";
import { readFixture } from "../fixture/read_fixture.ts";
import { LiveRunner } from "../lab/live_runner.ts";
import { RecordRunner } from "../lab/record_runner.ts";
import { ReplayRunner } from "../lab/replay_runner.ts";
import type { Mode, Runner } from "../lab/runner.ts";
import { type CellPlan, configureCells, currentCell } from "./cell_hooks.ts";
import { EVENT_MARK, type RunEvent } from "./events.ts";

export interface ChildConfig {
  /** file: URL of the generated module. */
  module: string;
  /** The notebook's path, as errors should name it. */
  notebook: string;
  mode: Mode;
  fixture: string;
  /** Capabilities the parent already probed (live and record). */
  capabilities: Capability[];
  cells: Record<string, CellPlan>;
}

const encoder = new TextEncoder();
function emit(event: RunEvent): void {
  Deno.stdout.writeSync(encoder.encode(EVENT_MARK + JSON.stringify(event) + "\n"));
}

const config: ChildConfig = JSON.parse(Deno.args[0]);
let runner: Runner | undefined;

// Die with the parent: it holds our standard input open for as long as it wants us.
(async () => {
  for await (const _ of Deno.stdin.readable) { /* nothing is sent */ }
  Deno.exit(70);
})();

// Cells' console output belongs to the cell that printed it.
for (
  const [method, name] of [["log", "stdout"], ["info", "stdout"], ["debug", "stdout"], [
    "warn",
    "stderr",
  ], ["error", "stderr"]] as const
) {
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

async function fail(error: unknown): Promise<never> {
  const err = error instanceof Error ? error : new Error(String(error));
  const here = (s: string) => s.replaceAll(config.module, config.notebook);
  const stack = err.stack ?? "";
  const line = lineOf(stack) ?? lineOf(err.message);
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
  await runner?.close().catch(() => {});
  Deno.exit(1);
}

globalThis.addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  fail(e.reason);
});

async function makeRunner(): Promise<Runner> {
  if (config.mode === "replay") {
    return new ReplayRunner(await readFixture(config.fixture, config.notebook), config.notebook);
  }
  const live = await LiveRunner.start({ known: config.capabilities });
  runner = live;
  emit({ t: "ready", mode: config.mode, sandboxPid: live.sandboxPid });
  if (config.mode === "live") return live;
  emit({ t: "environment", env: await live.environment() });
  return new RecordRunner(live, {
    onCall: (cell, index, call) => emit({ t: "call", cell, index, call }),
  });
}

try {
  runner = await makeRunner();
  if (runner.mode === "replay") emit({ t: "ready", mode: "replay" });
  configureCells(runner, emit, config.cells);
  await import(config.module);
  if (runner instanceof ReplayRunner) runner.checkComplete();
  await runner.close();
  emit({ t: "done" });
  Deno.exit(0);
} catch (e) {
  await fail(e);
}
