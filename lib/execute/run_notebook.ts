import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Capability } from "../capability/registry.ts";
import type { Cell, Notebook } from "../notebook/model.ts";
import { moduleHeader } from "../notebook/module_header.ts";
import { steered, toModule } from "../notebook/to_module.ts";
import type { CellPlan } from "../cell/hooks.ts";
import type { CallRecord } from "../fixture/schema.ts";
import { FORMAT } from "../fixture/schema.ts";
import { writeFixture } from "../fixture/write_fixture.ts";
import { FixtureMissingError, FixtureStaleError } from "../fixture/errors.ts";
import type { LabBackend } from "../lab/backend.ts";
import { labEnvironment } from "../lab/environment.ts";
import { RecordRunner } from "../runner/record_runner.ts";
import type { Mode, Runner } from "../cell/runner.ts";
import type { LabProbe } from "../lab/probe_lab.ts";
import { CellError } from "./errors.ts";
import { type OpenedRunner, openRunner } from "./open_runner.ts";
import type { RunEvent } from "../runner/protocol.ts";
import type { Reason } from "../plan/reason.ts";
import { labOffers } from "../plan/lab_offers.ts";
import type { RunResult } from "./results.ts";
import type { ProcessJob } from "./notebook_process.ts";
import { runInLanes } from "./notebook_lanes.ts";
import { fenceKeys } from "./notebook_tracker.ts";
import { makeRunDir } from "./run_dir.ts";
import type { Gate, RunControl } from "./run_control.ts";
import { toStepModule } from "../notebook/to_step_module.ts";

/** How runNotebook runs a notebook. */
export interface RunOptions {
  /** live, record, replay, or auto (the default: live where the lab can run, else replay). */
  mode?: "auto" | Mode;
  /** Where the recording lives; by default beside the notebooks (fixturePathFor). */
  fixture?: string;
  /** The kind of lab for live runs; by default "auto" (netns, or the micro-VM: see openRunner). */
  backend?: LabBackend;
  /**
   * The kinds of lab "auto" chooses from, the default first (see openRunner): the CLI passes
   * netbook's own, labBackends() of backend.ts. None: a live run has no lab to start.
   */
  backends?: readonly LabBackend[];
  /** Default per-cell time limit in milliseconds; `timeout=` on a cell overrides it. */
  cellTimeout?: number;
  /** Called with every event as it happens (for live display). */
  onEvent?: (event: RunEvent) => void;
  /**
   * Called once the mode is chosen, before any cell runs, with why: in the notebook's language,
   * and as data (renderReason says it in another).
   */
  onMode?: (mode: Mode, reason: string, why: Reason) => void;
  /** Told of slow one-time work before the lab starts (building the micro-VM's image). */
  onProgress?: (message: string) => void;
  /** Replaces starting and probing a lab (tests). */
  probe?: (wanted: Capability[]) => Promise<LabProbe>;
  /** Aborting stops the run at once (Ctrl-C): the lab is closed, the running cell failed. */
  signal?: AbortSignal;
  /**
   * Steers the run (step mode, the lab shell): asked before each cell whether it runs, and at
   * the end; meanwhile it may look into the lab and ask for exercises' checks. A cell can be
   * skipped; what it declares is then a clear error where a later cell uses it.
   */
  gate?: Gate;
  /** Called once the cells have stopped (done, or failed), before the lab closes. */
  afterCells?: (control: RunControl, error?: CellError) => Promise<void>;
}

/** Options for running several notebooks: the run's, and per notebook its own watchers. */
export interface RunManyOptions extends Omit<RunOptions, "fixture" | "onEvent" | "onMode"> {
  /** The event and mode watchers of one notebook, asked for as it is opened. */
  each?: (notebook: Notebook) => Pick<RunOptions, "onEvent" | "onMode">;
  /**
   * Replays in up to this many notebook processes at once (runInLanes); results keep the
   * notebooks' order. Default 1: one after the other (events never interleave).
   */
  lanes?: number;
}

/** Each cell's plan, as the hooks need it. */
export function cellPlans(notebook: Notebook): Record<string, CellPlan> {
  return Object.fromEntries(notebook.cells.map((c) => [c.id, cellPlan(notebook, c)]));
}

/** A cell's plan: its line, what it expects and requires, its role in an exercise. */
function cellPlan(notebook: Notebook, c: Cell): CellPlan {
  const role = c.options.role;
  const question = role?.kind === "answer"
    ? notebook.questions.find((q) => q.name === role.name)
    : undefined;
  return {
    line: c.line,
    expectError: c.options.expectError,
    requires: c.options.requires,
    ...(role ? { role } : {}),
    ...(question?.choices.length ? { choices: question.choices } : {}),
  };
}

/** Item i of a list that has one item per notebook run, in order (a bug, said so, if not). */
function itemFor<T>(items: readonly T[], i: number, notebook: Notebook): T {
  const item = items[i];
  if (item === undefined) {
    throw new Error(`netbook bug: no result for ${notebook.path} (#${i} of ${items.length})`);
  }
  return item;
}

function notRun(notebook: Notebook) {
  return notebook.cells.map((c) => ({ id: c.id, status: "not-run" as const, ms: 0, outputs: [] }));
}

/** A run that failed before any cell ran, because its recording is missing or broken. */
function failedRun(notebook: Notebook, e: Error, mode: Mode, reason: string): RunResult {
  return {
    notebook,
    mode,
    reason,
    ok: false,
    cells: notRun(notebook),
    error: new CellError(`${notebook.path}:1: ${e.name}: ${e.message}`, "", 1, "fixture", {
      cause: e,
    }),
  };
}

/** A notebook opened for a run: its runner, and what the run must do around it. */
interface Opened {
  notebook: Notebook;
  opened: OpenedRunner;
  runner: Runner;
  calls: Record<string, CallRecord[]>;
  env?: Awaited<ReturnType<typeof labEnvironment>>;
  onEvent?: (event: RunEvent) => void;
}

/** Opens a notebook's runner: live, record (live + saving every call) or replay. */
async function open(
  notebook: Notebook,
  options: RunOptions,
): Promise<Opened | RunResult> {
  const chosen: { mode?: Mode; reason?: string } = {};
  let opened: OpenedRunner;
  try {
    opened = await openRunner(notebook, {
      mode: options.mode,
      fixture: options.fixture,
      backend: options.backend,
      backends: options.backends,
      onProgress: options.onProgress,
      probe: options.probe,
      onMode: (mode, reason, why) => {
        Object.assign(chosen, { mode, reason });
        options.onMode?.(mode, reason, why);
      },
    });
  } catch (e) {
    // A recording that is missing or broken, once replay was chosen, is this run's failure.
    const broken = e instanceof FixtureMissingError || e instanceof FixtureStaleError;
    if (chosen.mode && broken) return failedRun(notebook, e, chosen.mode, chosen.reason ?? "");
    throw e;
  }
  // Keyed by cell id, with no inherited keys: a cell may be named `constructor`.
  const calls: Record<string, CallRecord[]> = Object.create(null);
  const o: Opened = { notebook, opened, runner: opened.replay!, calls, onEvent: options.onEvent };
  if (opened.live) {
    options.onEvent?.({ t: "ready", mode: opened.mode, labPid: opened.live.lab.pid });
    o.runner = opened.live;
    if (opened.mode === "record") {
      o.env = await labEnvironment(opened.live.lab);
      o.runner = new RecordRunner(opened.live, {
        onCall: (cell, index, call) => (calls[cell] ??= [])[index] = call,
      });
    }
  } else {
    options.onEvent?.({ t: "ready", mode: opened.mode });
  }
  return o;
}

/** Writes the generated modules and runs them, in one notebook process. */
async function runOpened(
  list: Opened[],
  options: RunOptions & { lanes?: number },
): Promise<RunResult[]> {
  const dir = await makeRunDir();
  try {
    const jobs: ProcessJob[] = [];
    for (const [i, o] of list.entries()) {
      const modulePath = join(dir, `${i}-${basename(o.notebook.path)}.ts`);
      // Each fence gets a key only this run and the module know: cells cannot read the module.
      const step = Boolean(options.gate);
      const keys = fenceKeys(o.notebook, { step });
      const key = (f: number) => JSON.stringify(keys[f]);
      const module = step
        ? toStepModule(o.notebook, moduleHeader(), key)
        : toModule(o.notebook, moduleHeader(), key);
      await Deno.writeTextFile(modulePath, module);
      jobs.push({
        notebook: o.notebook,
        runner: o.runner,
        onEvent: o.onEvent,
        gate: options.gate,
        lab: o.opened.live?.lab,
        keys,
        config: {
          ...(options.gate ? { gated: true } : {}),
          module: pathToFileURL(modulePath).href,
          notebook: o.notebook.path,
          mode: o.opened.mode,
          capabilities: [...o.runner.capabilities],
          cells: o.notebook.cells.map((c) => ({
            id: c.id,
            skip: c.options.skip,
            ...(step && steered(c) ? { gated: true } : {}),
            ...cellPlan(o.notebook, c),
          })),
          lang: o.notebook.meta.lang,
          ...(o.opened.live ? { lab: o.opened.live.lab.info.kind } : {}),
          elsewhere: labOffers(options.backends ?? []),
        },
      });
    }
    const runs = await runInLanes(jobs, {
      lanes: options.lanes,
      dir,
      cellTimeout: options.cellTimeout,
      signal: options.signal,
    });
    const results: RunResult[] = [];
    for (const [i, o] of list.entries()) {
      const run = itemFor(runs, i, o.notebook);
      if (options.afterCells && run.control) await options.afterCells(run.control, run.error);
      results.push(await finish(o, run));
    }
    return results;
  } finally {
    for (const o of list) await o.runner.close().catch(() => {});
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** Checks a replay used its whole recording; writes a recording that passed. */
async function finish(
  o: Opened,
  run: Awaited<ReturnType<typeof runInLanes>>[number],
): Promise<RunResult> {
  const { notebook, opened } = o;
  const { mode, reason, fixture } = opened;
  let error = run.error;
  if (!error && opened.replay) {
    try {
      opened.replay.checkComplete();
    } catch (e) {
      error = failedRun(notebook, e as Error, mode, reason).error;
    }
  }
  let written: string | undefined;
  if (!error && mode === "record" && o.env) {
    await writeFixture(fixture, {
      format: FORMAT,
      notebook: notebook.path,
      recorded: { date: new Date().toISOString(), ...o.env },
      cells: Object.fromEntries(notebook.cells.map((c) => [c.id, o.calls[c.id] ?? []])),
    });
    written = fixture;
  }
  return { notebook, mode, reason, ok: !error, cells: run.cells, error, fixture: written };
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
  const o = await openUnlessStopped(notebook, options);
  if (!("opened" in o)) return o;
  return itemFor(await runOpened([o], options), 0, notebook);
}

/**
 * Opens the notebook's runner, unless the run is stopped first (Ctrl-C while its lab starts: a
 * micro-VM may take a minute): then the run has failed, saying so, at once, and the lab, once it
 * has started, is closed (if the process exits first, the lab dies with it).
 */
async function openUnlessStopped(
  notebook: Notebook,
  options: RunOptions,
): Promise<Opened | RunResult> {
  const signal = options.signal;
  if (!signal) return await open(notebook, options);
  const stopped = (): RunResult => ({
    notebook,
    mode: options.mode === "replay" ? "replay" : "live",
    reason: "",
    ok: false,
    cells: notRun(notebook),
    error: new CellError(
      `${notebook.path}:1: the run was interrupted before its first cell`,
      "",
      1,
      "interrupted",
    ),
  });
  if (signal.aborted) return stopped();
  const opening = open(notebook, options);
  let onAbort = () => {};
  const aborted = new Promise<"aborted">((resolve) => {
    onAbort = () => resolve("aborted");
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    const first = await Promise.race([opening, aborted]);
    if (first !== "aborted") return first;
    opening.then((o) => "opened" in o ? o.runner.close() : undefined).catch(() => {});
    return stopped();
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/**
 * Runs several notebooks. Replayed ones share one notebook process (each in a worker of its own,
 * ended before the next goes on), or `lanes` such processes at once; live ones each get their
 * own lab and process. Results come in the notebooks' order.
 */
export async function runNotebooks(
  notebooks: Notebook[],
  options: RunManyOptions = {},
): Promise<RunResult[]> {
  if (options.mode !== "replay") {
    const results: RunResult[] = [];
    for (const notebook of notebooks) {
      results.push(await runNotebook(notebook, { ...options, ...options.each?.(notebook) }));
      if (options.signal?.aborted) break;
    }
    return results;
  }
  const opened: (Opened | RunResult)[] = [];
  for (const notebook of notebooks) {
    opened.push(await open(notebook, { ...options, ...options.each?.(notebook) }));
  }
  const ready = opened.filter((o): o is Opened => "opened" in o);
  const ran = ready.length ? await runOpened(ready, options) : [];
  return opened.map((o) => "opened" in o ? itemFor(ran, ready.indexOf(o), o.notebook) : o);
}
