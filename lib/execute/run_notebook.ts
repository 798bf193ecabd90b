import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Capability } from "../notebook/front_matter.ts";
import type { Notebook } from "../notebook/model.ts";
import { toModule } from "../notebook/to_module.ts";
import { fixturePathFor } from "../fixture/paths.ts";
import type { CallRecord, Fixture } from "../fixture/schema.ts";
import { writeFixture } from "../fixture/write_fixture.ts";
import { CellError } from "../lab/errors.ts";
import type { LabEnvironment, Mode } from "../lab/runner.ts";
import { type LabProbe, probeLab } from "../lab/probe_lab.ts";
import type { MimeBundle } from "../render/mime.ts";
import type { Transcript } from "../render/transcript.ts";
import type { CellPlan } from "./cell_hooks.ts";
import type { ChildConfig } from "./cell_process.ts";
import { chooseMode } from "./choose_mode.ts";
import { type CellStatus, EVENT_MARK, type RunEvent } from "./events.ts";

const ROOT = new URL("../../", import.meta.url);
const DEFAULT_TIMEOUT = 60_000;

export type Output =
  | { type: "command"; transcript: Transcript }
  | { type: "display"; bundle: MimeBundle }
  | { type: "stream"; name: "stdout" | "stderr"; text: string };

export interface CellResult {
  id: string;
  status: CellStatus | "not-run";
  ms: number;
  note?: string;
  outputs: Output[];
}

export interface RunResult {
  notebook: Notebook;
  mode: Mode;
  /** Why this mode was chosen, in words for the reader. */
  reason: string;
  ok: boolean;
  cells: CellResult[];
  error?: CellError;
  /** Record mode: the fixture written. */
  fixture?: string;
}

export interface RunOptions {
  mode?: "auto" | Mode;
  /** Where the recording lives; by default beside the notebooks (fixturePathFor). */
  fixture?: string;
  /** Default per-cell time limit in milliseconds; `timeout=` on a cell overrides it. */
  cellTimeout?: number;
  /** Called with every event as it happens (for live display). */
  onEvent?: (event: RunEvent) => void;
  /** Called once the mode is chosen, before any cell runs. */
  onMode?: (mode: Mode, reason: string) => void;
  /** Replaces the probe of this machine (tests). */
  probe?: (wanted: Capability[]) => Promise<LabProbe>;
}

/** What a run needs: every live run needs namespaces (and so iproute2); cells may add more. */
function requirements(notebook: Notebook): { all: Capability[]; notebook: Capability[] } {
  const whole = [...new Set<Capability>(["netns", ...notebook.meta.requires])];
  const cells = notebook.cells.flatMap((c) => c.options.requires);
  return { all: [...new Set([...whole, ...cells])], notebook: whole };
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

function permissions(mode: Mode, dir: string, fixture: string): string[] {
  if (mode === "replay") return [`--allow-read=${ROOT.pathname},${dir},${fixture}`];
  return [`--allow-read=${ROOT.pathname},${dir}`, "--allow-run=unshare,nsenter", "--allow-sys=uid"];
}

/**
 * Runs a notebook: chooses the mode, runs every cell in one notebook process (one shared scope),
 * streams events, enforces per-cell time limits, and in record mode writes the fixture.
 * A failing cell ends the run; the result carries a CellError naming the notebook's file:line.
 */
export async function runNotebook(
  notebook: Notebook,
  options: RunOptions = {},
): Promise<RunResult> {
  const fixture = options.fixture ?? fixturePathFor(notebook.path);
  const needs = requirements(notebook);
  const requested = options.mode ?? "auto";
  const probe = requested === "replay"
    ? { reason: "replay was asked for" }
    : await (options.probe ?? probeLab)(needs.all);
  const { mode, reason } = chooseMode({
    requested,
    notebook: notebook.path,
    sandbox: probe,
    missing: "capabilities" in probe
      ? needs.notebook.filter((c) => !probe.capabilities.has(c))
      : [],
    fixtureExists: await exists(fixture),
  });
  options.onMode?.(mode, reason);

  const cells: Record<string, CellPlan> = {};
  for (const c of notebook.cells) {
    cells[c.id] = {
      line: c.line,
      expectError: c.options.expectError,
      requires: c.options.requires,
    };
  }
  const dir = await Deno.makeTempDir({ prefix: "netbook-" });
  try {
    const modulePath = join(dir, `${basename(notebook.path)}.ts`);
    const header = `import { $, lab, show } from "${new URL("mod.ts", ROOT)}"; ` +
      `import { nb as __nb } from "${new URL("lib/execute/cell_hooks.ts", ROOT)}";`;
    await Deno.writeTextFile(modulePath, toModule(notebook, header));
    const config: ChildConfig = {
      module: pathToFileURL(modulePath).href,
      notebook: notebook.path,
      mode,
      fixture,
      capabilities: "capabilities" in probe ? [...probe.capabilities] : [],
      cells,
    };
    const result = await execute(notebook, config, dir, options);
    return { ...result, mode, reason };
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

async function execute(
  notebook: Notebook,
  config: ChildConfig,
  dir: string,
  options: RunOptions,
): Promise<Omit<RunResult, "mode" | "reason">> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      `--config=${new URL("deno.json", ROOT).pathname}`,
      ...permissions(config.mode, dir, config.fixture),
      new URL("lib/execute/cell_process.ts", ROOT).pathname,
      JSON.stringify(config),
    ],
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  const results = new Map<string, CellResult>(
    notebook.cells.map((c) => [c.id, { id: c.id, status: "not-run", ms: 0, outputs: [] }]),
  );
  const calls: Record<string, CallRecord[]> = {};
  let env: LabEnvironment | undefined;
  let error: CellError | undefined;
  let current = "";
  let timer: ReturnType<typeof setTimeout> | undefined;

  const fail = (cell: string | undefined, line: number | undefined, kind: string, msg: string) => {
    const c = notebook.cells.find((x) => x.id === cell);
    const at = `${notebook.path}:${line ?? c?.line ?? 1}`;
    error ??= new CellError(
      `${at}${cell ? ` (cell ${cell})` : ""}: ${msg}`,
      cell ?? "",
      line ?? c?.line ?? 1,
      kind,
    );
    const r = cell ? results.get(cell) : undefined;
    if (r) r.status = "failed";
  };

  const handle = (event: RunEvent) => {
    switch (event.t) {
      case "cell-start": {
        current = event.cell;
        const cell = notebook.cells.find((c) => c.id === event.cell)!;
        const r = results.get(event.cell)!;
        r.outputs = [];
        const limit = cell.options.timeout ?? options.cellTimeout ?? DEFAULT_TIMEOUT;
        clearTimeout(timer);
        timer = setTimeout(() => {
          fail(
            cell.id,
            cell.line,
            "TimeoutError",
            `the cell did not finish within ${limit / 1000}s. ` +
              `If it needs longer, give it more with timeout=${
                Math.ceil(limit / 500)
              }s on its fence line.`,
          );
          child.kill("SIGKILL");
        }, limit);
        break;
      }
      case "cell-end": {
        clearTimeout(timer);
        const r = results.get(event.cell)!;
        Object.assign(r, { status: event.status, ms: event.ms, note: event.note });
        break;
      }
      case "command":
        results.get(event.cell)?.outputs.push({ type: "command", transcript: event.transcript });
        break;
      case "display":
        results.get(event.cell)?.outputs.push({ type: "display", bundle: event.bundle });
        break;
      case "stream":
        results.get(event.cell)?.outputs.push({
          type: "stream",
          name: event.name,
          text: event.text,
        });
        break;
      case "call":
        (calls[event.cell] ??= [])[event.index] = event.call;
        break;
      case "environment":
        env = event.env;
        break;
      case "error":
        clearTimeout(timer);
        fail(event.cell, event.line, event.name, `${event.name}: ${event.message}`);
        break;
    }
    options.onEvent?.(event);
  };

  const stderr = new Response(child.stderr).text();
  let buffer = "";
  for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      // A cell's own output without a final newline runs into the next event line.
      const mark = line.indexOf(EVENT_MARK);
      const text = mark < 0 ? line + "\n" : line.slice(0, mark);
      if (text) handle({ t: "stream", cell: current, name: "stdout", text });
      if (mark >= 0) handle(JSON.parse(line.slice(mark + 1)));
    }
  }
  const status = await child.status;
  clearTimeout(timer);
  await child.stdin.close().catch(() => {});
  if (!status.success && !error) {
    const text = (await stderr).replaceAll(config.module, notebook.path).trim();
    fail(
      current || undefined,
      undefined,
      "Error",
      text || `the notebook process exited ${status.code}`,
    );
  }
  const ok = status.success && !error;
  let written: string | undefined;
  if (ok && config.mode === "record" && env) {
    const recording: Fixture = {
      format: 1,
      notebook: notebook.path,
      recorded: { date: new Date().toISOString(), ...env },
      cells: Object.fromEntries(notebook.cells.map((c) => [c.id, calls[c.id] ?? []])),
    };
    await writeFixture(config.fixture, recording);
    written = config.fixture;
  }
  return { notebook, ok, cells: [...results.values()], error, fixture: written };
}
