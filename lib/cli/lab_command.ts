import { basename } from "node:path";
import type { ExercisePart, Notebook } from "../notebook/model.ts";
import { runNotebook } from "../execute/run_notebook.ts";
import type { RunControl } from "../execute/run_control.ts";
import type { CellError } from "../execute/errors.ts";
import type { LabBackend } from "../lab/backend.ts";
import { labBackends } from "../lab/backends.ts";
import { CapabilityMissingError } from "../lab/errors.ts";
import { ProgressStore } from "../progress/progress_store.ts";
import { markdownToTerminal } from "../render/markdown_terminal.ts";
import { curriculumPaths, loadNotebook } from "./curriculum.ts";
import { findNotebook } from "./find_notebook.ts";
import { exerciseRequests } from "./exercise_requests.ts";
import { runShellSession } from "./shell_session.ts";
import { TerminalInput } from "./terminal_input.ts";
import { nearest } from "./suggest.ts";
import { type Terminal, UsageError } from "./terminal.ts";
import { langFor, messagesFor } from "../i18n/messages.ts";

export interface LabCommandOptions {
  /** Stand after this cell (default: after the last). */
  at?: string;
  /** Stand at this exercise: the lab as it is before its solution. */
  exercise?: string;
  /** Go to the first exercise not solved yet. */
  resume?: boolean;
  backend?: LabBackend;
  timeout?: number;
  /** Where keys come from (tests pass their own). */
  input?: TerminalInput;
  /** The curriculum to find the notebook in (`--lang`); default English. */
  lang?: string;
}

/** The first exercise of the curriculum not solved yet, if any. */
export async function firstUnsolved(
  progress: ProgressStore,
  lang: string,
): Promise<{ path: string; exercise: string } | undefined> {
  const done = await progress.read();
  for (const path of await curriculumPaths(lang)) {
    const nb = await loadNotebook(path);
    const solved = done.notebooks[basename(path)]?.exercises ?? {};
    const open = nb.exercises.find((e) => !solved[e.name]);
    if (open) return { path, exercise: open.name };
  }
  return undefined;
}

/** The name of the notebook for a prompt: its file name without .md. */
function shortName(notebook: Notebook): string {
  return basename(notebook.path).replace(/\.md$/, "");
}

function exerciseNamed(notebook: Notebook, name: string): ExercisePart {
  const ex = notebook.exercises.find((e) => e.name === name);
  if (ex) return ex;
  const m = messagesFor(notebook.meta.lang);
  const names = notebook.exercises.map((e) => e.name);
  const near = nearest(name, names);
  throw new UsageError(
    m.noExerciseIn(notebook.path, name) +
      (near ? m.didYouMean(near) : names.length ? m.itHas(names.join(", ")) : m.itHasNone),
  );
}

/**
 * `deno task lab NOTEBOOK [--at CELL | --exercise NAME]`: runs the notebook live up to that
 * point, quietly but for one line of progress, then opens an interactive bash inside the lab,
 * where the notebook's commands run. Leaving the shell closes the lab. With an exercise, the
 * shell starts with its task, and `check`, `hint`, `solution` answer. Returns the shell's exit
 * status (or 1 when no lab could run).
 */
export async function labCommand(
  t: Terminal,
  args: string[],
  o: LabCommandOptions,
): Promise<number> {
  const s = t.style;
  const progress = new ProgressStore(undefined, (note) => t.write(s.yellow(`netbook: ${note}\n`)));
  let exerciseName = o.exercise;
  if (o.resume) {
    // The curriculum of --lang, else of the locale: a Chinese reader resumes in Chinese.
    const next = await firstUnsolved(progress, o.lang ?? langFor());
    if (!next) {
      t.write(s.green(`${messagesFor(o.lang).allSolved}\n`));
      return 0;
    }
    args = [next.path];
    exerciseName = next.exercise;
  }
  const said = messagesFor(o.lang);
  const [name] = args;
  if (name === undefined || args.length !== 1) throw new UsageError(said.labTakesOne);
  if (o.at && exerciseName) throw new UsageError(said.atOrExercise);
  const notebook = await loadNotebook(await findNotebook(name, o.lang));
  // The words around the lab: the notebook's language (or --lang's, or the locale's).
  const m = messagesFor(notebook.meta.lang);
  const exercise = exerciseName ? exerciseNamed(notebook, exerciseName) : undefined;
  const cells = notebook.cells;
  const at = o.at ? cells.find((c) => c.id === o.at) : undefined;
  if (o.at && !at) {
    const near = nearest(o.at, cells.map((c) => c.id));
    throw new UsageError(m.noCellIn(notebook.path, o.at) + (near ? m.didYouMean(near) : ""));
  }
  // The shell opens at the gate of this cell (undefined: at the end of the notebook).
  const stopAt = exercise
    ? exercise.solution
    : at
    ? cells.slice(at.index + 1).find((c) => !/^(check|hint)$/.test(c.options.role?.kind ?? ""))?.id
    : undefined;
  const where = exercise ? m.atExercise(exercise.name) : at ? m.atCell(at.id) : m.theEnd;
  const input = o.input ?? new TerminalInput();
  const err = (text: string) => void Deno.stderr.writeSync(new TextEncoder().encode(text));
  const tty = Deno.stderr.isTerminal();
  const total = cells.length;
  let ran = 0;
  const progressLine = (text: string) => tty && err(`\r\x1b[2K${s.dim(text)}`);
  const abort = new AbortController();
  const interrupt = () => abort.abort();
  Deno.addSignalListener("SIGINT", interrupt);
  let status: number | undefined;

  const open = async (control: RunControl, failure?: CellError) => {
    progressLine("");
    if (tty) err("\r\x1b[2K");
    if (!control.lab) return;
    const lines = [
      s.bold(m.inTheLab(notebook.path, where, failure !== undefined)),
      m.labCommandsHere,
      m.labExit,
    ];
    if (failure) lines.push(s.red(failure.message));
    if (exercise) {
      lines.push(
        "",
        s.bold(s.magenta(m.exercise(exercise.name, exercise.title))),
        markdownToTerminal(exercise.task, { width: t.width, style: s }),
        s.dim(m.labRequests),
      );
    }
    err(lines.join("\n") + "\n\n");
    status = await runShellSession(control.lab, {
      input,
      prompt: `[${shortName(notebook)} @ ${failure ? failure.cell || where : where}]`,
      color: t.style.bold("x") !== "x",
      onRequest: exerciseRequests({
        notebook,
        exercise,
        control: failure ? undefined : control,
        progress,
        style: s,
        width: t.width,
        lang: notebook.meta.lang,
      }),
    });
  };

  try {
    const result = await runNotebook(notebook, {
      mode: "live",
      backend: o.backend,
      backends: labBackends(),
      cellTimeout: o.timeout,
      signal: abort.signal,
      onProgress: (m) => err(s.dim(`  ${m}\n`)),
      onEvent: (e) => {
        if (e.t === "cell-start") {
          ran++;
          progressLine(m.buildingLab(shortName(notebook), ran, total, e.cell));
        }
      },
      gate: async (cell, control) => {
        if (status !== undefined) return false;
        if (cell === stopAt) {
          await open(control);
          abort.abort();
          return false;
        }
        return true;
      },
      afterCells: async (control, error) => {
        if (status === undefined && error && error.kind !== "interrupted") {
          await open(control, error);
        }
      },
    });
    if (status === undefined) {
      if (abort.signal.aborted) {
        err(s.yellow(`\n${m.labInterrupted}\n`));
        return 130;
      }
      err(s.red(`${result.error?.message ?? m.labNotBuilt}\n`));
      return 1;
    }
    return status;
  } catch (e) {
    if (e instanceof CapabilityMissingError) {
      err(s.red(`netbook: ${m.labNeedsLive(e.message)}\n`) + `${m.labNeedsLiveHelp}\n`);
      return 1;
    }
    throw e;
  } finally {
    Deno.removeSignalListener("SIGINT", interrupt);
  }
}
