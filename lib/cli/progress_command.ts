import { basename } from "node:path";
import { ProgressStore } from "../progress/progress_store.ts";
import { curriculumPaths, loadNotebook } from "./curriculum.ts";
import { findNotebook } from "./find_notebook.ts";
import type { Terminal } from "./terminal.ts";
import { messagesFor } from "../i18n/messages.ts";

/** `--reset-progress`: forgets which notebooks and exercises are done. */
export async function resetProgress(t: Terminal): Promise<number> {
  const store = new ProgressStore(
    undefined,
    (note) => t.write(t.style.yellow(`netbook: ${note}\n`)),
  );
  const had = await store.reset();
  const m = messagesFor();
  t.write(`${had ? m.progressCleared(store.file) : m.noProgress}\n`);
  return 0;
}

/**
 * `deno task exercises [NOTEBOOK ...]`: every exercise, one per line, `NOTEBOOK NAME  title`
 * (the curriculum's in `lang`, `--lang`'s, or those of the notebooks named).
 */
export async function listExercises(
  t: Terminal,
  args: string[],
  lang?: string,
): Promise<number> {
  const paths = args.length
    ? await Promise.all(args.map((a) => findNotebook(a, lang)))
    : await curriculumPaths(lang);
  for (const path of paths) {
    const notebook = await loadNotebook(path);
    for (const ex of notebook.exercises) t.write(`${path} ${ex.name}  ${ex.title}\n`);
  }
  return 0;
}

/** What the curriculum list says of one notebook's progress, if anything. */
export function progressLine(
  notebook: { path: string; exercises: { name: string }[] },
  progress: Awaited<ReturnType<ProgressStore["read"]>>,
  lang?: string,
): string | undefined {
  const m = messagesFor(lang);
  const mine = progress.notebooks[basename(notebook.path)];
  const parts: string[] = [];
  if (mine?.finished) parts.push(m.finished);
  const names = notebook.exercises.map((e) => e.name);
  if (names.length) {
    const solved = names.filter((n) => mine?.exercises[n]);
    const helped = solved.filter((n) => mine?.exercises[n]?.help);
    parts.push(m.exercisesSolved(solved.length, names.length, helped.join(", ")));
  }
  return mine ? parts.join(" · ") : undefined;
}
