/**
 * Mermaid rendering costs: `deno bench -A bench/mermaid_bench.ts`. SVG needs /usr/bin/chromium
 * (apt-get install -y chromium); without it only the terminal benchmarks run. SVGs are drawn by a
 * worker process (lib/render/mermaid_page/), whose packages the first SVG installs into the
 * cache: the set-up below pays for that.
 *
 * "svg: one diagram" draws the curriculum's diagrams (what the HTML export draws of the notebooks
 * that replay, and every notebook's own), one per iteration, in turn, each with an empty cache entry, and compares with the anchor in the same
 * run: mermaid loaded once in a page, `mermaid.render` and nothing else (mermaid_anchor.ts).
 */
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { MermaidRenderer } from "../lib/render/mermaid_svg.ts";
import { mermaidToTerminal } from "../lib/render/mermaid_terminal.ts";
import { PING, VETH_PAIR } from "../tests/render/diagrams.ts";
import { MermaidAnchor } from "./mermaid_anchor_client.ts";
import { authoredDiagrams, replayedCurriculum, siteDiagrams } from "./replayed_curriculum.ts";

const ignore = !existsSync("/usr/bin/chromium");
const sources = ignore ? [] : [
  ...new Set([...siteDiagrams(await replayedCurriculum()), ...await authoredDiagrams()]),
];
const tmp = await Deno.makeTempDir({ prefix: "netbook-bench-" });
globalThis.addEventListener("unload", () => Deno.removeSync(tmp, { recursive: true }));
const cacheDir = (name: string) => `${tmp}/${name}`;

/** A renderer started and warmed (worker, Chromium, a page with mermaid and both diagram types). */
async function warmRenderer(name: string): Promise<MermaidRenderer> {
  const renderer = new MermaidRenderer({ cacheDir: cacheDir(name) });
  await Promise.all([renderer.render(VETH_PAIR), renderer.render(PING)]);
  return renderer;
}

/** Draws diagram after diagram, each with its cache entry removed first (not timed). */
function eachDiagram(renderer: () => MermaidRenderer) {
  let next = 0;
  return async (b: Deno.BenchContext) => {
    const source = sources[next++ % sources.length];
    if (source === undefined) throw new Error("no diagram to draw");
    await rm(renderer().cacheFile(source), { force: true });
    b.start();
    await renderer().render(source);
    b.end();
  };
}

let anchor: MermaidAnchor | undefined;
let warm: MermaidRenderer | undefined;
if (!ignore) {
  [anchor, warm] = await Promise.all([MermaidAnchor.start(), warmRenderer("warm")]);
  // The worker and the anchor stop when their stdin closes, as this process exits.
  globalThis.addEventListener("unload", () => {
    console.log(
      `svg: ${sources.length} curriculum diagrams; warm renderer: ${JSON.stringify(warm?.stats)}`,
    );
  });
}

let nextAnchor = 0;
Deno.bench({
  name: "svg: one diagram, anchor: mermaid loaded once in a page, mermaid.render only",
  group: "svg: one diagram",
  baseline: true,
  n: 3 * Math.max(1, sources.length),
  warmup: sources.length,
  ignore,
  async fn(b) {
    const source = sources[nextAnchor++ % sources.length];
    if (source === undefined) throw new Error("no diagram to draw");
    b.start();
    await anchor!.draw([source]);
    b.end();
  },
});

Deno.bench({
  name:
    "svg: one diagram, warm renderer (worker protocol, mermaid.render in its page, cache write)",
  group: "svg: one diagram",
  n: 3 * Math.max(1, sources.length),
  warmup: sources.length,
  ignore,
  fn: eachDiagram(() => warm!),
});

Deno.bench({
  name: "svg: one diagram cold (new renderer, empty cache, worker, Chromium and page start)",
  group: "svg: start",
  n: 3,
  warmup: 1,
  ignore,
  async fn(b) {
    const dir = await Deno.makeTempDir({ dir: tmp });
    b.start();
    await using renderer = new MermaidRenderer({ cacheDir: dir });
    await renderer.render(VETH_PAIR);
    b.end();
  },
});

Deno.bench({
  name: "svg: one diagram cold, anchor (Chromium started, mermaid loaded in a page, one render)",
  group: "svg: start",
  n: 3,
  warmup: 1,
  ignore,
  async fn() {
    const cold = await MermaidAnchor.start();
    await cold.draw([VETH_PAIR]);
    await cold.close();
  },
});

Deno.bench({
  name: "svg: one diagram cached (new renderer, no worker)",
  group: "svg: start",
  baseline: true,
  ignore,
  async fn() {
    const r = new MermaidRenderer({ cacheDir: cacheDir("warm") });
    await r.render(VETH_PAIR);
    if (r.stats.cacheHits !== 1 || r.stats.launches !== 0) throw new Error("expected a cache hit");
  },
});

Deno.bench({
  name: "terminal: flowchart art (beautiful-mermaid)",
  group: "terminal",
  fn: () => void mermaidToTerminal(VETH_PAIR),
});

Deno.bench({
  name: "terminal: sequence art (beautiful-mermaid)",
  group: "terminal",
  fn: () => void mermaidToTerminal(PING),
});
