import type { Cell } from "../notebook/model.ts";
import { runNotebook } from "../execute/run_notebook.ts";
import type { RunControl } from "../execute/run_control.ts";
import type { RunEvent } from "../runner/protocol.ts";
import type { LabBackend } from "../lab/backend.ts";
import { labBackends } from "../lab/backends.ts";
import type { Mode } from "../cell/runner.ts";
import { ANSWER_MIME } from "../cell/exercise_bundles.ts";
import { ProgressStore } from "../progress/progress_store.ts";
import { loadNotebook } from "./curriculum.ts";
import { findNotebook } from "./find_notebook.ts";
import { printRun } from "./print_run.ts";
import { exerciseRequests } from "./exercise_requests.ts";
import { runShellSession } from "./shell_session.ts";
import { TerminalInput } from "./terminal_input.ts";
import { type Terminal, UsageError } from "./terminal.ts";
import { basename } from "node:path";
import { messagesFor } from "../i18n/messages.ts";
import { renderReason } from "../plan/render_reason.ts";

export interface StepCommandOptions {
  mode: "auto" | Mode;
  timeout?: number;
  backend?: LabBackend;
  /** Where keys come from (tests pass their own). */
  input?: TerminalInput;
  /** The curriculum to find the notebook in (`--lang`); default English. */
  lang?: string;
}

const CTRL_C = 3;
const CTRL_D = 4;

/**
 * `deno task notebook --step NOTEBOOK`: before each cell, its narrative and code, then a key
 * decides (the catalogue's `stepKeys`). Works live and in replay; refuses at once without a terminal on standard
 * input. Ctrl-C stops the run as in a normal run.
 */
export async function stepCommand(
  t: Terminal,
  args: string[],
  o: StepCommandOptions,
): Promise<number> {
  const input = o.input ?? new TerminalInput();
  const cli = messagesFor(o.lang);
  if (!input.tty) throw new UsageError(cli.stepNeedsTerminal);
  if (o.mode === "record") throw new UsageError(cli.stepNotRecorded);
  const [name] = args;
  if (name === undefined || args.length !== 1) throw new UsageError(cli.stepOneNotebook);
  const notebook = await loadNotebook(await findNotebook(name, o.lang));
  const m = messagesFor(notebook.meta.lang);
  const s = t.style;
  const progress = new ProgressStore(undefined, (n) => t.write(s.yellow(`netbook: ${n}\n`)));
  const printer = printRun(notebook, { ...t, quiet: false });
  const abort = new AbortController();
  const interrupt = () => abort.abort();
  Deno.addSignalListener("SIGINT", interrupt);
  const skipped: Cell[] = [];
  let through = false;
  let jumpTo: string | undefined;
  let quitAt: string | undefined;
  let interrupted = false;
  let reason = "";
  let guess: { question: string; value: string } | undefined;
  const raw = (text: string) => t.write(text.replaceAll("\n", "\r\n"));

  /** The next key, in raw mode; the rest of what was typed waits for the next read. */
  const key = async (): Promise<number | null> => {
    const bytes = await input.read();
    if (!bytes) return null;
    if (bytes.length > 1) input.unread(bytes.subarray(1));
    return bytes[0] ?? null;
  };

  /** A line typed in raw mode; undefined when cancelled (Esc, Ctrl-C). */
  const line = async (prompt: string): Promise<string | undefined> => {
    raw(prompt);
    let text = "";
    while (true) {
      const k = await key();
      if (k === null || k === CTRL_C || k === 27) {
        raw("\n");
        return undefined;
      }
      if (k === 13 || k === 10) {
        raw("\n");
        return text.trim();
      }
      if (k === 127 || k === 8) {
        if (text) {
          text = text.slice(0, -1);
          raw("\b \b");
        }
      } else if (k >= 32 && k < 127) {
        text += String.fromCharCode(k);
        raw(String.fromCharCode(k));
      }
    }
  };

  const help = () => {
    raw(s.bold(`${m.keys}\n`));
    for (const [k, what] of m.stepKeys) raw(`  ${s.cyan(k.padEnd(5))} ${what}\n`);
  };

  const shell = async (cell: Cell, control: RunControl) => {
    if (!control.lab) {
      raw(s.yellow(`${m.noLiveLab(reason)}\n`));
      return;
    }
    const exercise = cell.options.role?.kind === "solution"
      ? notebook.exercises.find((e) => e.name === cell.options.role!.name)
      : undefined;
    raw(s.dim(`${m.shellBefore(cell.id, exercise?.name)}\n`));
    await runShellSession(control.lab, {
      input,
      prompt: `[${basename(notebook.path).replace(/\.md$/, "")} @ ${cell.id}]`,
      color: s.bold("x") !== "x",
      onRequest: exerciseRequests({
        notebook,
        exercise,
        control,
        progress,
        style: s,
        width: t.width,
      }),
    });
    input.raw(true);
  };

  const ask = async (cell: Cell) => {
    const q = notebook.questions.find((x) => x.name === cell.options.role?.name);
    if (!q) return;
    let value: string | undefined;
    if (q.choices.length) {
      raw(s.bold(m.yourPrediction(q.choices.length)));
      const k = await key();
      const n = k === null ? NaN : k - 48;
      value = n >= 1 && n <= q.choices.length ? q.choices[n - 1] : undefined;
      raw(value ? `${n}) ${value}\n` : `${m.passed}\n`);
    } else {
      value = await line(s.bold(m.yourPrediction())) || undefined;
    }
    guess = value === undefined ? undefined : { question: q.name, value };
  };

  const gate = async (id: string | undefined, control: RunControl): Promise<boolean> => {
    if (id === undefined || through) return true;
    if (jumpTo && jumpTo !== id) return true;
    jumpTo = undefined;
    const cell = notebook.cells.find((c) => c.id === id)!;
    printer.showCell(id);
    input.raw(true);
    try {
      return await prompt(cell, control);
    } finally {
      input.raw(false);
    }
  };

  /** Asks for a key until one decides what happens to `cell` (in raw mode). */
  const prompt = async (cell: Cell, control: RunControl): Promise<boolean> => {
    const id = cell.id;
    if (cell.options.role?.kind === "answer") await ask(cell);
    if (cell.options.role?.kind === "solution") {
      raw(s.magenta(`${m.solutionPrompt(cell.options.role.name)}\n`));
    }
    while (true) {
      raw(s.dim(m.stepPrompt(id)));
      const k = await key();
      raw("\n");
      if (k === null || k === CTRL_D || k === 113 /* q */) {
        quitAt = id;
        abort.abort();
        return false;
      }
      if (k === CTRL_C) {
        interrupted = true;
        abort.abort();
        return false;
      }
      if (k === 13 || k === 10) return true;
      if (k === 115 /* s */) {
        skipped.push(cell);
        return false;
      }
      if (k === 99 /* c */) {
        through = true;
        return true;
      }
      if (k === 108 /* l */) {
        await shell(cell, control);
        continue;
      }
      if (k === 106 /* j */) {
        const target = await line(m.jumpTo);
        if (!target) continue;
        const to = notebook.cells.find((c) => c.id === target);
        if (!to) {
          raw(s.yellow(`${m.noSuchCell(target)}\n`));
          continue;
        }
        if (to.index <= cell.index) {
          raw(s.yellow(`${m.notForward(target, id)}\n`));
          continue;
        }
        jumpTo = to.id === id ? undefined : to.id;
        return true;
      }
      if (k === 63 /* ? */) help();
    }
  };

  const onEvent = (e: RunEvent) => {
    if (e.t === "ready") return;
    printer.onEvent(e);
    if (e.t === "display" && e.bundle[ANSWER_MIME] && guess) {
      const { question, value } = JSON.parse(e.bundle[ANSWER_MIME]) as {
        question: string;
        value: string;
      };
      const right = guess.value === value;
      t.write(
        right
          ? s.green(`${m.predictedRight(value)}\n`)
          : s.yellow(`${m.predictedWrong(guess.value, value)}\n`),
      );
      progress.answered(notebook.path, String(question), right);
      guess = undefined;
    }
  };

  try {
    printer.header();
    const result = await runNotebook(notebook, {
      mode: o.mode,
      backend: o.backend,
      backends: labBackends(),
      cellTimeout: o.timeout,
      signal: abort.signal,
      onProgress: (note) => t.write(s.dim(`  ${note}\n`)),
      onMode: (mode, _, why) => {
        reason = renderReason(why, m);
        printer.mode(mode, reason);
      },
      onEvent,
      gate,
    });
    printer.finish(result.ok);
    if (quitAt) {
      t.write(s.yellow(`${m.stoppedBefore(quitAt)}\n`));
      return 0;
    }
    if (interrupted || (abort.signal.aborted && !result.ok)) {
      t.write(s.yellow(`${m.interrupted()}\n`));
      return 130;
    }
    if (!result.ok) {
      const note = skipped.length
        ? `\n${m.skippedBefore(skipped.map((c) => c.id).join(", "))}`
        : "";
      t.write(s.red(s.bold(`✗ ${result.error?.message ?? m.runFailed}`)) + note + "\n");
      return 1;
    }
    if (!skipped.length) await progress.finished(notebook.path);
    t.write(s.green(`${m.stepEnd(notebook.path, result.mode)}\n`));
    return 0;
  } finally {
    input.raw(false);
    Deno.removeSignalListener("SIGINT", interrupt);
  }
}
