import type { Notebook } from "../notebook/model.ts";
import { readFrontMatter } from "../notebook/read_front_matter.ts";
import { runNotebook, runNotebooks } from "../execute/run_notebook.ts";
import type { RunResult } from "../execute/results.ts";
import type { RunEvent } from "../execute/protocol.ts";
import type { LabBackend } from "../lab/backend.ts";
import type { Mode } from "../lab/runner.ts";
import { curriculumEntry } from "./curriculum_entry.ts";
import { curriculumPaths, loadNotebook } from "./curriculum.ts";
import { findNotebook } from "./find_notebook.ts";
import { printRun } from "./print_run.ts";
import { warmArt } from "../render/mermaid_art.ts";
import type { Terminal } from "./terminal.ts";
import { visible } from "../render/visible.ts";

export interface RunCommandOptions {
  mode: "auto" | Mode;
  quiet: boolean;
  timeout?: number;
  backend?: LabBackend;
}

/** The curriculum, from each notebook's front matter alone. */
export async function listCurriculum(t: Terminal): Promise<number> {
  t.write(t.style.bold("netbook: container and Kubernetes networking, by doing\n\n"));
  for (const path of await curriculumPaths()) {
    const meta = readFrontMatter(await Deno.readTextFile(path));
    if (meta) t.write(curriculumEntry(meta, path, { width: t.width, style: t.style }) + "\n\n");
  }
  return 0;
}

/** The one-line verdict after a notebook ran. */
function verdict(t: Terminal, result: RunResult, secs: string): string {
  const s = t.style;
  if (!result.ok) {
    const lab = result.mode === "replay" ? "" : "; the lab is gone, nothing of it is left";
    return s.red(s.bold(`✗ ${visible(result.error?.message ?? "the run failed")}`)) + s.dim(lab);
  }
  const ran = result.cells.filter((c) => c.status !== "skipped").length;
  const skipped = result.cells.length - ran;
  const took = secs ? ` in ${secs}s` : "";
  const name = secs ? "" : `${visible(result.notebook.path)}: `;
  return s.green(`✓ ${name}${ran} cell${ran === 1 ? "" : "s"} ran${took} (${result.mode})`) +
    (skipped ? s.yellow(`, ${skipped} skipped`) : "") +
    (result.fixture ? s.dim(`; recorded to ${result.fixture}`) : "");
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
    ? await curriculumPaths()
    : await Promise.all(args.map(findNotebook));
  const notebooks: Notebook[] = [];
  for (const path of paths) notebooks.push(await loadNotebook(path));
  const abort = new AbortController();
  const interrupt = () => abort.abort();
  Deno.addSignalListener("SIGINT", interrupt);
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
      signal: abort.signal,
      onProgress: (m: string) => t.write(t.style.dim(`  ${m}\n`)),
    };
    const each = (nb: Notebook) => ({
      onMode: (mode: Mode, reason: string) => void modes.set(nb, [mode, reason]),
      onEvent: (e: RunEvent) => {
        if (e.t === "ready") return;
        show(nb);
        printers.get(nb)!.onEvent(e);
      },
    });
    const results = notebooks.length === 1
      ? [await runNotebook(notebooks[0], { ...options, ...each(notebooks[0]) })]
      : await runNotebooks(notebooks, { ...options, each });
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    let failed = 0;
    for (const result of results) {
      const nb = result.notebook;
      show(nb);
      if (result === results.at(-1) || !result.ok) printers.get(nb)!.finish(result.ok);
      if (!result.ok) failed++;
    }
    if (results.length === 1) {
      t.write(`${results[0].ok ? "" : "\n"}${verdict(t, results[0], secs)}\n`);
    } else {
      t.write(t.style.bold(`\n${results.length} notebooks in ${secs}s:\n`));
      for (const r of results) t.write(`  ${verdict(t, r, "")}\n`);
    }
    if (abort.signal.aborted) {
      t.write(t.style.yellow("Interrupted: the run was stopped, and its lab is gone.\n"));
      return 130;
    }
    return failed ? 1 : 0;
  } finally {
    Deno.removeSignalListener("SIGINT", interrupt);
  }
}
