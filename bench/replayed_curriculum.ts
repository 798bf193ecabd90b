/**
 * The curriculum's notebooks replayed from their recordings, for the benchmarks: those without a
 * recording, or whose recording is stale (someone is editing the notebook), are left out, and
 * said so on stderr. And the diagrams they draw.
 */
import { curriculumPaths, loadNotebook } from "../lib/cli/curriculum.ts";
import type { RunResult } from "../lib/execute/results.ts";
import { runNotebook } from "../lib/execute/run_notebook.ts";
import { pageDiagrams } from "../lib/export/html_diagrams.ts";

export async function replayedCurriculum(): Promise<RunResult[]> {
  const runs: RunResult[] = [];
  for (const path of await curriculumPaths()) {
    const run = await runNotebook(await loadNotebook(path), { mode: "replay" })
      .catch((error) => ({ ok: false, error }) as const);
    if (run.ok) runs.push(run);
    else console.error(`bench: leaving out ${path}: ${run.error?.message.split("\n")[0]}`);
  }
  return runs;
}

/** The ```mermaid blocks of every notebook of the curriculum, recorded or not (parsed only). */
export async function authoredDiagrams(): Promise<string[]> {
  const notebooks = await Promise.all((await curriculumPaths()).map(loadNotebook));
  return notebooks.flatMap((n) => n.parts.flatMap((p) => p.kind === "mermaid" ? [p.source] : []));
}

/** The mermaid sources an HTML export of the runs draws, each once, in page order. */
export function siteDiagrams(runs: RunResult[]): string[] {
  return [
    ...new Set(
      runs.flatMap((r) => pageDiagrams(r).flatMap((d) => "source" in d ? [d.source] : [])),
    ),
  ];
}
