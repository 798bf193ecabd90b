/**
 * Mermaid rendering costs: `deno task bench`. SVG needs /usr/bin/chromium (apt-get install -y
 * chromium); without it only the terminal benchmarks run. SVGs are drawn by a worker process
 * (lib/render/mermaid_cli/), whose packages the first SVG installs: the warm-up pays for that.
 */
import { existsSync } from "node:fs";
import { MermaidRenderer } from "../lib/render/mermaid_svg.ts";
import { mermaidToTerminal } from "../lib/render/mermaid_terminal.ts";
import { PING, VETH_PAIR } from "../tests/render/diagrams.ts";

const ignore = !existsSync("/usr/bin/chromium");
let unique = 0;

async function withRenderer(
  cacheDir: string | undefined,
  fn: (r: MermaidRenderer) => Promise<void>,
) {
  const dir = cacheDir ?? await Deno.makeTempDir({ prefix: "netbook-bench-" });
  const renderer = new MermaidRenderer({ cacheDir: dir });
  try {
    await fn(renderer);
  } finally {
    await renderer.close();
    if (!cacheDir) await Deno.remove(dir, { recursive: true });
  }
}

Deno.bench({
  name: "svg: one diagram cold (new renderer, empty cache, worker and browser launch)",
  group: "svg",
  n: 5,
  warmup: 1,
  ignore,
  async fn(b) {
    await withRenderer(undefined, async (r) => {
      b.start();
      await r.render(VETH_PAIR);
      b.end();
    });
  },
});

Deno.bench({
  name: "svg: one more diagram on a running worker (not cached)",
  group: "svg",
  n: 5,
  warmup: 1,
  ignore,
  async fn(b) {
    await withRenderer(undefined, async (r) => {
      await r.render(PING);
      b.start();
      await r.render(`${VETH_PAIR}\n  %% ${unique++}`);
      b.end();
    });
  },
});

const warmCache = ignore ? "" : await Deno.makeTempDir({ prefix: "netbook-bench-" });
if (!ignore) await withRenderer(warmCache, (r) => r.render(VETH_PAIR).then(() => {}));
globalThis.addEventListener("unload", () => {
  if (warmCache) Deno.removeSync(warmCache, { recursive: true });
});

Deno.bench({
  name: "svg: one diagram cached (new renderer, no worker)",
  group: "svg",
  baseline: true,
  ignore,
  async fn() {
    const r = new MermaidRenderer({ cacheDir: warmCache });
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
