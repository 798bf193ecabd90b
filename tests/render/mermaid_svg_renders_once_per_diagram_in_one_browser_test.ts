import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { ChromiumMissingError } from "../../lib/render/chromium_missing_error.ts";
import { Diagram } from "../../lib/render/diagram.ts";
import { DISPLAY } from "../../lib/render/mime.ts";
import { MermaidRenderer } from "../../lib/render/mermaid_svg.ts";
import { rendererVersion } from "../../lib/render/mermaid_svg_cache.ts";
import { MISPLACED, PING, VETH_PAIR } from "./diagrams.ts";
import { tempCache } from "./mermaid_svg_fake_worker.ts";

// CI installs chromium (.ci/run); elsewhere these tests need `apt-get install -y chromium`.
const chromium = existsSync("/usr/bin/chromium");
const ignore = !chromium && !Deno.env.get("CI");
if (ignore) {
  console.warn(
    "ignoring the SVG tests: /usr/bin/chromium is missing (apt-get install -y chromium)",
  );
}
const browserTest = { ignore };

const noBrowser = () => Promise.reject(new Error("a cache hit must not launch the browser"));

Deno.test({
  name: "several diagrams render to SVG with their labels, in one browser and one warm page",
  ...browserTest,
  async fn() {
    await using cache = await tempCache();
    await using renderer = new MermaidRenderer({ cacheDir: cache.dir });
    const [flow, seq, big] = await Promise.all([
      renderer.render(VETH_PAIR),
      renderer.render(PING),
      renderer.render(MISPLACED),
    ]);
    assert.match(flow, /^<svg[\s>]/);
    for (const label of ["netns client", "veth-client", "10.0.0.12/24", "veth pair"]) {
      assert.ok(flow.includes(label), label);
    }
    assert.match(seq, /^<svg[\s>]/);
    for (const label of ["client", "server", "ICMP echo request", "ICMP echo reply"]) {
      assert.ok(seq.includes(label), label);
    }
    assert.ok(big.includes("203.0.113.10/24"));
    const ids = [flow, seq, big].map((svg) => svg.match(/id="([^"]+)"/)?.[1]);
    assert.equal(new Set(ids).size, 3, `each SVG has its own id: ${ids}`);
    assert.deepEqual(renderer.stats, {
      launches: 1,
      rendered: 3,
      cacheHits: 0,
      mermaidLoads: 1, // mermaid loaded once, for three diagrams
      unsaved: 0,
    });
  },
});

Deno.test({
  name: "an unchanged diagram is never rendered twice: a cache hit launches no browser",
  ...browserTest,
  async fn() {
    await using cache = await tempCache();
    let svg: string;
    {
      await using renderer = new MermaidRenderer({ cacheDir: cache.dir });
      svg = await renderer.render(VETH_PAIR);
      assert.equal(await renderer.render(VETH_PAIR + "\n"), svg);
      assert.deepEqual(
        [renderer.stats.launches, renderer.stats.rendered, renderer.stats.cacheHits],
        [1, 1, 1],
      );
    }
    await using again = new MermaidRenderer({ cacheDir: cache.dir, launch: noBrowser });
    const diagram = new Diagram(VETH_PAIR);
    assert.equal(await again.render(diagram), svg);
    assert.deepEqual(
      [again.stats.launches, again.stats.rendered, again.stats.cacheHits],
      [0, 0, 1],
    );
    assert.equal(diagram[DISPLAY]()["image/svg+xml"], svg);
    const files = await readdir(join(cache.dir, rendererVersion()));
    assert.deepEqual(files, [basename(again.cacheFile(VETH_PAIR))], "one SVG, no temp files");
  },
});

Deno.test({
  name: "another theme is another cache entry",
  ...browserTest,
  async fn() {
    await using cache = await tempCache();
    await using light = new MermaidRenderer({ cacheDir: cache.dir });
    await using dark = new MermaidRenderer({ cacheDir: cache.dir, theme: "dark" });
    assert.notEqual(await light.render(PING), await dark.render(PING));
    assert.equal(dark.stats.rendered, 1);
    assert.equal((await readdir(join(cache.dir, rendererVersion()))).length, 2);
  },
});

Deno.test({
  name:
    "a diagram mermaid rejects fails with mermaid's message, is not cached, and the page draws on",
  ...browserTest,
  async fn() {
    await using cache = await tempCache();
    await using renderer = new MermaidRenderer({ cacheDir: cache.dir });
    await assert.rejects(
      renderer.render("flowchart LR\n  A --> [[["),
      /mermaid could not render the diagram:\n.*Parse error on line 2/,
    );
    assert.deepEqual(await readdir(join(cache.dir, rendererVersion())).catch(() => []), []);
    assert.match(await renderer.render(PING), /^<svg[\s>]/);
    assert.equal(renderer.stats.mermaidLoads, 1, "the same warm page drew the next diagram");
  },
});

Deno.test("without Chromium the error says what to install", async () => {
  await using cache = await tempCache();
  await using renderer = new MermaidRenderer({
    cacheDir: cache.dir,
    executablePath: "/nonexistent/chromium",
  });
  const error = await renderer.render(PING).catch((e) => e);
  assert.ok(error instanceof ChromiumMissingError);
  assert.match(error.message, /\/nonexistent\/chromium/);
  assert.match(error.message, /apt-get install -y chromium/);
});
