import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Capability } from "../capability/registry.ts";
import type { Notebook } from "../notebook/model.ts";
import { moduleHeader } from "../notebook/module_header.ts";
import { toModule } from "../notebook/to_module.ts";
import type { CellPlan } from "../cell/hooks.ts";
import type { CallRecord } from "../fixture/schema.ts";
import { FORMAT } from "../fixture/schema.ts";
import { writeFixture } from "../fixture/write_fixture.ts";
import { FixtureMissingError, FixtureStaleError } from "../fixture/errors.ts";
import type { LabBackend } from "../lab/backend.ts";
import { labEnvironment } from "../lab/environment.ts";
import { RecordRunner } from "../lab/record_runner.ts";
import type { Mode, Runner } from "../lab/runner.ts";
import type { LabProbe } from "../lab/probe_lab.ts";
import { CellError } from "./errors.ts";
import { type OpenedRunner, openRunner } from "./open_runner.ts";
import type { RunEvent } from "./protocol.ts";
import type { RunResult } from "./results.ts";
import { runNotebookProcess } from "./notebook_process.ts";
import { makeRunDir } from "./run_dir.ts";

export interface RunOptions {
  mode?: "auto" | Mode;
  /** Where the recording lives; by default beside the notebooks (fixturePathFor). */
  fixture?: string;
  /** The kind of lab for live runs; by default netns. */
  backend?: LabBackend;
  /** Default per-cell time limit in milliseconds; `timeout=` on a cell overrides it. */
  cellTimeout?: number;
  /** Called with every event as it happens (for live display). */
  onEvent?: (event: RunEvent) => void;
  /** Called once the mode is chosen, before any cell runs. */
  onMode?: (mode: Mode, reason: string) => void;
  /** Replaces starting and probing a lab (tests). */
  probe?: (wanted: Capability[]) => Promise<LabProbe>;
}

/** Each cell's plan, as the hooks need it. */
export function cellPlans(notebook: Notebook): Record<string, CellPlan> {
  return Object.fromEntries(notebook.cells.map((c) => [c.id, {
    line: c.line,
    expectError: c.options.expectError,
    requires: c.options.requires,
  }]));
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
  const chosen: { mode?: Mode; reason?: string } = {};
  const failed = (e: Error, mode: Mode, reason: string): RunResult => ({
    notebook,
    mode,
    reason,
    ok: false,
    cells: notebook.cells.map((c) => ({ id: c.id, status: "not-run", ms: 0, outputs: [] })),
    error: new CellError(`${notebook.path}:1: ${e.name}: ${e.message}`, "", 1, "fixture", {
      cause: e,
    }),
  });

  // The runner lives here; the notebook process may not start anything itself.
  let opened: OpenedRunner;
  try {
    opened = await openRunner(notebook, {
      mode: options.mode,
      fixture: options.fixture,
      backend: options.backend,
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
  let dir: string | undefined;
  try {
    let env;
    if (opened.live) {
      const live = opened.live;
      options.onEvent?.({ t: "ready", mode, labPid: live.lab.pid });
      runner = live;
      if (mode === "record") {
        env = await labEnvironment(live.lab);
        runner = new RecordRunner(live, {
          onCall: (cell, index, call) => (calls[cell] ??= [])[index] = call,
        });
      }
    } else {
      options.onEvent?.({ t: "ready", mode });
    }
    dir = await makeRunDir();
    const modulePath = join(dir, `${basename(notebook.path)}.ts`);
    await Deno.writeTextFile(modulePath, toModule(notebook, moduleHeader()));
    const run = await runNotebookProcess(
      notebook,
      {
        module: pathToFileURL(modulePath).href,
        notebook: notebook.path,
        mode,
        capabilities: [...runner.capabilities],
        cells: cellPlans(notebook),
      },
      runner,
      { dir, cellTimeout: options.cellTimeout, onEvent: options.onEvent },
    );
    let error = run.error;
    if (!error && opened.replay) {
      try {
        opened.replay.checkComplete();
      } catch (e) {
        error = failed(e as Error, mode, reason).error;
      }
    }
    let written: string | undefined;
    if (!error && mode === "record" && env) {
      await writeFixture(fixture, {
        format: FORMAT,
        notebook: notebook.path,
        recorded: { date: new Date().toISOString(), ...env },
        cells: Object.fromEntries(notebook.cells.map((c) => [c.id, calls[c.id] ?? []])),
      });
      written = fixture;
    }
    return { notebook, mode, reason, ok: !error, cells: run.cells, error, fixture: written };
  } finally {
    await runner.close().catch(() => {});
    if (dir) await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
