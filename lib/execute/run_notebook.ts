import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Capability } from "../notebook/front_matter.ts";
import type { Notebook } from "../notebook/model.ts";
import { moduleHeader } from "../notebook/module_header.ts";
import { toModule } from "../notebook/to_module.ts";
import type { CallRecord } from "../fixture/schema.ts";
import { writeFixture } from "../fixture/write_fixture.ts";
import { CellError, FixtureMissingError, FixtureStaleError } from "../lab/errors.ts";
import { RecordRunner } from "../lab/record_runner.ts";
import type { LabEnvironment, Mode, Runner } from "../lab/runner.ts";
import type { LabProbe } from "../lab/probe_lab.ts";
import type { MimeBundle } from "../render/mime.ts";
import type { Transcript } from "../render/transcript.ts";
import type { CellPlan } from "./cell_hooks.ts";
import type { ChildConfig } from "./cell_process.ts";
import { type OpenedRunner, openRunner } from "./open_runner.ts";
import type { CellStatus, RunEvent } from "./events.ts";
import { runNotebookProcess } from "./notebook_process.ts";

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

/**
 * Runs a notebook: chooses the mode, runs every cell in one notebook process (one shared scope),
 * streams events, enforces per-cell time limits, and in record mode writes the fixture.
 * A failing cell ends the run; the result carries a CellError naming the notebook's file:line.
 */
export async function runNotebook(
  notebook: Notebook,
  options: RunOptions = {},
): Promise<RunResult> {
  const cells: Record<string, CellPlan> = {};
  for (const c of notebook.cells) {
    cells[c.id] = {
      line: c.line,
      expectError: c.options.expectError,
      requires: c.options.requires,
    };
  }
  const chosen: { mode?: Mode; reason?: string } = {};
  const failed = (e: Error, mode: Mode, reason: string): RunResult => ({
    notebook,
    mode,
    reason,
    ok: false,
    cells: notebook.cells.map((c) => ({ id: c.id, status: "not-run", ms: 0, outputs: [] })),
    error: new CellError(`${notebook.path}:1: ${e.name}: ${e.message}`, "", 1, e.name),
  });

  // The runner lives here; the notebook process may not start anything itself.
  let opened: OpenedRunner;
  try {
    opened = await openRunner(notebook, {
      mode: options.mode,
      fixture: options.fixture,
      probe: options.probe,
      onMode: (mode, reason) => {
        Object.assign(chosen, { mode, reason });
        options.onMode?.(mode, reason);
      },
    });
  } catch (e) {
    // A recording that is missing or broken, once replay was chosen, is this run's failure.
    const broken = e instanceof FixtureMissingError || e instanceof FixtureStaleError;
    if (chosen.mode && broken) return failed(e, chosen.mode, chosen.reason ?? "");
    throw e;
  }
  const { mode, reason, fixture } = opened;
  const calls: Record<string, CallRecord[]> = {};
  let runner: Runner = opened.replay!;
  let env: LabEnvironment | undefined;
  if (opened.live) {
    const live = opened.live;
    options.onEvent?.({ t: "ready", mode, sandboxPid: live.sandboxPid });
    runner = live;
    if (mode === "record") {
      env = await live.environment();
      runner = new RecordRunner(live, {
        onCall: (cell, index, call) => (calls[cell] ??= [])[index] = call,
      });
    }
  }
  if (mode === "replay") options.onEvent?.({ t: "ready", mode });

  const dir = await Deno.makeTempDir({ prefix: "netbook-" });
  try {
    const modulePath = join(dir, `${basename(notebook.path)}.ts`);
    await Deno.writeTextFile(modulePath, toModule(notebook, moduleHeader()));
    const config: ChildConfig = {
      module: pathToFileURL(modulePath).href,
      notebook: notebook.path,
      mode,
      capabilities: [...runner.capabilities],
      cells,
    };
    const run = await runNotebookProcess(notebook, config, runner, {
      dir,
      cellTimeout: options.cellTimeout,
      onEvent: options.onEvent,
    });
    let error = run.error;
    if (!error && opened.replay) {
      try {
        opened.replay.checkComplete();
      } catch (e) {
        error = failed(e as Error, mode, reason).error;
      }
    }
    const ok = !error;
    let written: string | undefined;
    if (ok && mode === "record" && env) {
      await writeFixture(fixture, {
        format: 1,
        notebook: notebook.path,
        recorded: { date: new Date().toISOString(), ...env },
        cells: Object.fromEntries(notebook.cells.map((c) => [c.id, calls[c.id] ?? []])),
      });
      written = fixture;
    }
    return { notebook, mode, reason, ok, cells: run.cells, error, fixture: written };
  } finally {
    await runner.close().catch(() => {});
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
