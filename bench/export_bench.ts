/**
 * What replaying and exporting a notebook costs: `deno task bench`. The renderers are pure, so
 * they are measured on one replayed run of each curriculum notebook (no diagrams drawn here).
 */
import { curriculumPaths, loadNotebook } from "../lib/cli/curriculum.ts";
import type { RunResult } from "../lib/execute/results.ts";
import { runNotebook } from "../lib/execute/run_notebook.ts";
import { renderPage } from "../lib/export/html_page.ts";
import { toIpynb } from "../lib/export/to_ipynb.ts";
import { toMarkdown } from "../lib/export/to_markdown.ts";

const notebooks = await Promise.all((await curriculumPaths()).map(loadNotebook));
const runs: RunResult[] = [];
for (const notebook of notebooks) runs.push(await runNotebook(notebook, { mode: "replay" }));

Deno.bench({
  name: "replay: notebook 02 (notebook process, every cell from the recording)",
  group: "replay",
  n: 10,
  async fn() {
    const run = await runNotebook(notebooks[2], { mode: "replay" });
    if (!run.ok) throw run.error;
  },
});

Deno.bench("export: the curriculum as ipynb", { group: "export" }, () => {
  for (const run of runs) {
    JSON.stringify(toIpynb(run, { modImport: "../mod.ts", notebookPath: "x" }));
  }
});

Deno.bench("export: the curriculum as Markdown", { group: "export" }, () => {
  for (const run of runs) toMarkdown(run);
});

Deno.bench("export: the curriculum as HTML pages", { group: "export" }, () => {
  for (const run of runs) renderPage(run, { svgs: new Map(), index: "index.html" });
});
