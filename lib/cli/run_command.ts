import type { Notebook } from "../notebook/model.ts";
import { readFrontMatter } from "../notebook/read_front_matter.ts";
import { runNotebook, runNotebooks } from "../execute/run_notebook.ts";
import type { RunResult } from "../execute/results.ts";
import type { RunEvent } from "../runner/protocol.ts";
import type { LabBackend } from "../lab/backend.ts";
import { labBackends } from "../lab/backends.ts";
import type { Mode } from "../cell/runner.ts";
import { curriculumEntry } from "./curriculum_entry.ts";
import { ProgressStore } from "../progress/progress_store.ts";
import { progressLine } from "./progress_command.ts";
import { curriculumPaths, loadNotebook } from "./curriculum.ts";
import { findNotebook } from "./find_notebook.ts";
import { printRun } from "./print_run.ts";
import { warmArt } from "../render/mermaid_art.ts";
import type { Terminal } from "./terminal.ts";
import { visible } from "../render/visible.ts";
import { messagesFor } from "../i18n/messages.ts";
import type { Reason } from "../plan/reason.ts";
import { renderReason } from "../plan/render_reason.ts";

export interface RunCommandOptions {
  mode: "auto" | Mode;
  quiet: boolean;
  timeout?: number;
  backend?: LabBackend;
  /** The curriculum to find notebooks in (`--lang`); default English. */
  lang?: string;
}

/** The curriculum, from each notebook's front matter alone. */
export async function listCurriculum(t: Terminal, lang = "en"): Promise<number> {
  const m = messagesFor(lang);
  t.write(t.style.bold(`${m.curriculumTitle}\n\n`));
  const store = new ProgressStore(undefined, (n) => t.write(t.style.yellow(`netbook: ${n}\n\n`)));
  const progress = await store.read();
  for (const path of await curriculumPaths(lang)) {
    const meta = readFrontMatter(await Deno.readTextFile(path));
    if (!meta) continue;
    t.write(curriculumEntry(meta, path, { width: t.width, style: t.style }) + "\n");
    const names = exerciseNames(await Deno.readTextFile(path));
    const exercises = names.map((name) => ({ name }));
    const line = progressLine({ path, exercises }, progress, lang);
    if (line) t.write(t.style.green(`  ${line}`) + "\n");
    t.write("\n");
  }
  t.write(t.style.dim(`${m.curriculumFooter}\n`));
  if (lang === "en") t.write(t.style.dim(`${messagesFor("zh").otherEdition("--lang zh")}\n`));
  return 0;
}

/** The exercises' names in a notebook's text, without parsing all of it. */
function exerciseNames(text: string): string[] {
  return [...text.matchAll(/^```exercise name=([a-z0-9-]+)\s*$/gm)].map(([, name = ""]) => name);
}

/** The one-line verdict after a notebook ran. */
function verdict(t: Terminal, result: RunResult, secs: string): string {
  const s = t.style;
  const m = messagesFor(result.notebook.meta.lang);
  if (!result.ok) {
    const lab = result.mode === "replay" ? "" : m.labGone;
    const cell = result.error?.cell;
    const look = result.mode !== "replay" && cell && result.error?.kind !== "interrupted"
      ? `\n${m.lookAround(`deno task lab ${visible(result.notebook.path)} --at ${visible(cell)}`)}`
      : "";
    return s.red(s.bold(`✗ ${visible(result.error?.message ?? m.runFailed)}`)) + s.dim(lab) +
      look;
  }
  const ran = result.cells.filter((c) => c.status !== "skipped").length;
  const skipped = result.cells.length - ran;
  const name = secs ? "" : `${visible(result.notebook.path)}: `;
  return s.green(`✓ ${name}${m.cellsRan(ran, secs, result.mode)}`) +
    (skipped ? s.yellow(m.skippedCount(skipped)) : "") +
    (result.fixture ? s.dim(m.recordedTo(result.fixture)) : "");
}

/**
 * Runs notebooks and prints them as they run: one named as a learner would (`01`, `bridge`, a
 * path), several, or `all`. Replayed notebooks share one notebook process. Ctrl-C stops the run
 * at once and says so; the lab is gone when it returns.
 */
export async function runCommand(
  t: Terminal,
  args: string[],
  o: RunCommandOptions,
): Promise<number> {
  const paths = args.length === 1 && args[0] === "all"
    ? await curriculumPaths(o.lang)
    : await Promise.all(args.map((a) => findNotebook(a, o.lang)));
  const notebooks: Notebook[] = [];
  for (const path of paths) notebooks.push(await loadNotebook(path));
  // Ctrl-C (SIGINT) and SIGTERM stop the run at once, whatever it is doing: starting its lab,
  // running a cell. The lab is closed and the run's folder removed before the command returns.
  const abort = new AbortController();
  let stoppedBy = "";
  const stop = (signal: string) => () => {
    stoppedBy ||= signal;
    abort.abort();
  };
  const interrupt = stop("Ctrl-C");
  const terminate = stop("SIGTERM");
  Deno.addSignalListener("SIGINT", interrupt);
  Deno.addSignalListener("SIGTERM", terminate);
  const printers = new Map(notebooks.map((nb) => [nb, printRun(nb, { ...t, quiet: o.quiet })]));
  // Diagrams are drawn in a worker: it loads its engine while the notebook process starts.
  if (!o.quiet) warmArt();
  // A notebook's header and mode print when its first cell starts, so that notebooks replayed
  // in one process print one after the other; the one before it is then finished.
  const modes = new Map<Notebook, [Mode, string]>();
  const shown: Notebook[] = [];
  const show = (nb: Notebook) => {
    if (shown.includes(nb)) return;
    const before = shown.at(-1);
    if (before) printers.get(before)!.finish(true);
    shown.push(nb);
    printers.get(nb)!.header();
    const mode = modes.get(nb);
    if (mode) printers.get(nb)!.mode(...mode);
  };
  const started = performance.now();
  try {
    const options = {
      mode: o.mode,
      cellTimeout: o.timeout,
      backend: o.backend,
      backends: labBackends(),
      signal: abort.signal,
      onProgress: (m: string) => t.write(t.style.dim(`  ${m}\n`)),
    };
    const each = (nb: Notebook) => ({
      onMode: (mode: Mode, _: string, why: Reason) =>
        void modes.set(nb, [mode, renderReason(why, messagesFor(nb.meta.lang))]),
      onEvent: (e: RunEvent) => {
        if (e.t === "ready") return;
        show(nb);
        printers.get(nb)!.onEvent(e);
      },
    });
    const [only] = notebooks;
    const results = notebooks.length === 1 && only !== undefined
      ? [await runNotebook(only, { ...options, ...each(only) })]
      : await runNotebooks(notebooks, { ...options, each });
    if (abort.signal.aborted) {
      // Never a verdict of success: the cell that was stopped, if one was, and what happened.
      for (const r of results.filter((r) => !r.ok)) {
        if (shown.includes(r.notebook)) printers.get(r.notebook)!.finish(false);
        t.write(`\n${verdict(t, r, "")}\n`);
      }
      t.write(t.style.yellow(`${messagesFor(o.lang).interrupted(stoppedBy)}\n`));
      return 130;
    }
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    const store = new ProgressStore(undefined, (n) => t.write(t.style.yellow(`netbook: ${n}\n`)));
    for (const r of results) if (r.ok) await store.finished(r.notebook.path);
    let failed = 0;
    for (const result of results) {
      const nb = result.notebook;
      show(nb);
      if (result === results.at(-1) || !result.ok) printers.get(nb)!.finish(result.ok);
      if (!result.ok) failed++;
    }
    const [single] = results;
    if (results.length === 1 && single !== undefined) {
      t.write(`${single.ok ? "" : "\n"}${verdict(t, single, secs)}\n`);
    } else {
      t.write(t.style.bold(`\n${messagesFor(o.lang).notebooksIn(results.length, secs)}\n`));
      for (const r of results) t.write(`  ${verdict(t, r, "")}\n`);
    }
    return failed ? 1 : 0;
  } finally {
    Deno.removeSignalListener("SIGINT", interrupt);
    Deno.removeSignalListener("SIGTERM", terminate);
  }
}
