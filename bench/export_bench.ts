/**
 * What replaying and exporting a notebook costs: `deno bench -A bench/export_bench.ts`. The
 * renderers are pure, so they are measured on one replayed run of each curriculum notebook.
 *
 * "html export, empty diagram cache": the site draws its diagrams in the page (mermaid's bundle,
 * copied into it), so an export draws none; the anchors in the same run (mermaid_anchor.ts) are
 * what drawing the site's diagrams at export costs, as the previous design did: mermaid loaded
 * once in a page drawing them and nothing else, in a page already loaded (the baseline), and
 * from a cold start (Chromium started, mermaid loaded, then the diagrams). The end-to-end figures
 * are `deno task export --to html` of the English notebooks that replay, and of the whole
 * curriculum (both languages), each with XDG_CACHE_HOME pointing at an empty folder: replay (in
 * lanes), the renderer's packages installed into that cache (from Deno's own npm cache) meanwhile,
 * the site written.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { exportHtmlSite } from "../lib/export/html_site.ts";
import { renderPage } from "../lib/export/html_page.ts";
import { toIpynb } from "../lib/export/to_ipynb.ts";
import { toMarkdown } from "../lib/export/to_markdown.ts";
import { runNotebook } from "../lib/execute/run_notebook.ts";
import { pagePackages } from "../lib/render/mermaid_packages.ts";
import { mermaidCacheDir } from "../lib/render/mermaid_svg_cache.ts";
import { MermaidAnchor } from "./mermaid_anchor_client.ts";
import { replayedCurriculum, siteDiagrams } from "./replayed_curriculum.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const runs = await replayedCurriculum();
const sources = siteDiagrams(runs);
const noChromium = !existsSync("/usr/bin/chromium");
const tmp = await Deno.makeTempDir({ prefix: "netbook-bench-" });
globalThis.addEventListener("unload", () => Deno.removeSync(tmp, { recursive: true }));
const anchor = noChromium ? undefined : await MermaidAnchor.start(); // stops as this process exits
const { mermaidBundle: bundle } = await pagePackages(mermaidCacheDir());
/** Deno's own cache, kept when XDG_CACHE_HOME (where Deno would look for it) is changed. */
const { denoDir } = JSON.parse(
  new TextDecoder().decode(
    (await new Deno.Command(Deno.execPath(), { args: ["info", "--json"] }).output()).stdout,
  ),
);

Deno.bench({
  name: "replay: notebook 02 (notebook process, every cell from the recording)",
  group: "replay",
  n: 10,
  async fn() {
    const bridge = runs.find((r) => r.notebook.path.includes("02-bridge")) ?? runs[0];
    if (!bridge) throw new Error("no notebook ran to replay");
    const run = await runNotebook(bridge.notebook, { mode: "replay" });
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
  for (const run of runs) renderPage(run, { index: "index.html" });
});

Deno.bench({
  name: `html export, empty diagram cache: anchor, the site's ${sources.length} diagrams ` +
    "drawn in a page with mermaid loaded",
  group: "html export, empty diagram cache",
  baseline: true,
  n: 5,
  warmup: 1,
  ignore: noChromium,
  async fn() {
    await anchor!.draw(sources);
  },
});

Deno.bench({
  name: `html export, empty diagram cache: cold anchor, Chromium started and mermaid loaded in a ` +
    `page, then the site's ${sources.length} diagrams drawn there`,
  group: "html export, empty diagram cache",
  n: 3,
  warmup: 1,
  ignore: noChromium,
  async fn() {
    const cold = await MermaidAnchor.start();
    await cold.draw(sources);
    await cold.close();
  },
});

Deno.bench({
  name: "html export, empty diagram cache: exportHtmlSite of the replayed runs " +
    "(pages, search index, scripts and mermaid's bundle written; no diagram drawn at export)",
  group: "html export, empty diagram cache",
  n: 3,
  warmup: 1,
  ignore: noChromium,
  async fn(b) {
    const dir = await Deno.makeTempDir({ dir: tmp });
    b.start();
    await exportHtmlSite(runs, { outDir: `${dir}/site`, mermaidBundle: bundle });
    b.end();
  },
});

/**
 * `deno task export --to html ARGS` as a user runs it after installing netbook: Deno's own cache
 * warm, netbook's (XDG_CACHE_HOME) empty. Timed from the command's start to its exit.
 */
async function exportWithEmptyCache(b: Deno.BenchContext, args: string[]): Promise<void> {
  const dir = await Deno.makeTempDir({ dir: tmp });
  const command = new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "export", "--to", "html", "--out", `${dir}/site`, ...args],
    cwd: ROOT,
    env: { XDG_CACHE_HOME: `${dir}/cache`, DENO_DIR: denoDir },
    stdout: "piped",
    stderr: "piped",
  });
  b.start();
  const { code, stdout, stderr } = await command.output();
  b.end();
  if (code !== 0) {
    throw new Error(new TextDecoder().decode(stderr) + new TextDecoder().decode(stdout));
  }
  await Deno.remove(dir, { recursive: true });
}

Deno.bench({
  name: `html export, empty diagram cache: deno task export --to html of the ${runs.length} ` +
    "English notebooks (end to end: replay, mermaid's bundle installed, the site written)",
  group: "html export, empty diagram cache",
  n: 3,
  warmup: 0,
  ignore: noChromium,
  async fn(b) {
    await exportWithEmptyCache(b, runs.map((r) => r.notebook.path));
  },
});

Deno.bench({
  name: "html export, empty diagram cache: deno task export --to html, the whole curriculum " +
    "(both languages, their sources and glossary; end to end)",
  group: "html export, empty diagram cache",
  n: 3,
  warmup: 0,
  ignore: noChromium,
  async fn(b) {
    await exportWithEmptyCache(b, []);
  },
});
