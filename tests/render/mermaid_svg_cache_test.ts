/**
 * The diagram cache: in the user's cache folder, a folder per renderer version, written all or
 * nothing. A worker played in memory draws; the real one is exercised by the browser tests.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { DRAWING_REVISION } from "../../lib/render/mermaid_page/protocol.ts";
import { MermaidRenderer } from "../../lib/render/mermaid_svg.ts";
import { mermaidCacheDir, rendererVersion } from "../../lib/render/mermaid_svg_cache.ts";
import workerConfig from "../../lib/render/mermaid_page/deno.json" with { type: "json" };
import { PING, VETH_PAIR } from "./diagrams.ts";
import { FakeWorker, svgFor, tempCache } from "./mermaid_svg_fake_worker.ts";

const env = (vars: Record<string, string>) => (name: string) => vars[name];
const noLaunch = () => Promise.reject(new Error("a cache hit must not start a worker"));

Deno.test("the cache is the user's: $XDG_CACHE_HOME/netbook/mermaid, else ~/.cache/netbook/mermaid", () => {
  assert.equal(
    mermaidCacheDir(env({ XDG_CACHE_HOME: "/var/cache/me", HOME: "/home/me" })),
    "/var/cache/me/netbook/mermaid",
  );
  assert.equal(mermaidCacheDir(env({ HOME: "/home/me" })), "/home/me/.cache/netbook/mermaid");
  assert.equal(
    mermaidCacheDir(env({ XDG_CACHE_HOME: "relative/cache", HOME: "/home/me" })),
    "/home/me/.cache/netbook/mermaid",
    "a relative XDG_CACHE_HOME is ignored, as the XDG spec asks",
  );
});

Deno.test("a renderer with no cacheDir uses the user's cache folder, not the clone", async () => {
  await using home = await tempCache();
  const script = `import { MermaidRenderer } from ${
    JSON.stringify(
      new URL("../../lib/render/mermaid_svg.ts", import.meta.url).href,
    )
  };
    const r = new MermaidRenderer();
    console.log(JSON.stringify({ dir: r.cacheDir, file: r.cacheFile("flowchart LR\\n  a --> b") }));`;
  const run = async (vars: Record<string, string>) => {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--quiet", "--no-config", script], // no npm packages: nothing to fetch
      env: vars,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    return JSON.parse(new TextDecoder().decode(stdout));
  };
  const xdg = await run({ XDG_CACHE_HOME: join(home.dir, "xdg"), HOME: home.dir });
  assert.equal(xdg.dir, join(home.dir, "xdg", "netbook", "mermaid"));
  assert.equal(dirname(xdg.file), join(xdg.dir, rendererVersion()));
  assert.match(basename(xdg.file), /^[0-9a-f]{64}\.svg$/);
  const plain = await run({ HOME: home.dir });
  assert.equal(plain.dir, join(home.dir, ".cache", "netbook", "mermaid"));
});

Deno.test("the renderer's version names mermaid, the drawing revision and the packages' digest", async () => {
  const pinned = (name: string) =>
    (workerConfig.imports as Record<string, string>)[name]?.split("@").at(-1);
  const hash = createHash("sha256");
  for (const file of ["deno.json", "deno.lock"]) {
    hash.update(await readFile(new URL(`../../lib/render/mermaid_page/${file}`, import.meta.url)));
  }
  const digest = hash.digest("hex").slice(0, 12);
  assert.equal(
    rendererVersion(),
    `mermaid-${pinned("mermaid")}_drawing-${DRAWING_REVISION}_packages-${digest}`,
  );
  assert.match(rendererVersion(), /^mermaid-\d+\.\d+\.\d+_drawing-\d+_packages-[0-9a-f]{12}$/);
});

Deno.test("an SVG is cached once, by source and theme, in its version's folder, and shared by the next renderer", async () => {
  await using cache = await tempCache();
  {
    await using light = new MermaidRenderer({
      cacheDir: cache.dir,
      launch: () => Promise.resolve(new FakeWorker(svgFor)),
    });
    await using dark = new MermaidRenderer({
      cacheDir: cache.dir,
      theme: "dark",
      launch: () => Promise.resolve(new FakeWorker(svgFor)),
    });
    await Promise.all([light.render(PING), light.render(VETH_PAIR), dark.render(PING)]);
    assert.equal(light.stats.rendered + dark.stats.rendered, 3);
  }
  assert.deepEqual(await readdir(cache.dir), [rendererVersion()]);
  const files = await readdir(join(cache.dir, rendererVersion()));
  assert.equal(files.length, 3, `one file per diagram and theme, nothing else: ${files}`);
  for (const file of files) assert.match(file, /^[0-9a-f]{64}\.svg$/);

  await using again = new MermaidRenderer({ cacheDir: cache.dir, theme: "dark", launch: noLaunch });
  assert.equal(await again.render(PING + "\n"), await readFile(again.cacheFile(PING), "utf8"));
  assert.match(await again.render(PING), /dark/);
  assert.equal(again.stats.cacheHits, 2);
  assert.equal(again.stats.launches, 0);
});

Deno.test("the cache file appears whole, by a rename: it is never written in place", async () => {
  await using cache = await tempCache();
  await using renderer = new MermaidRenderer({
    cacheDir: cache.dir,
    launch: () =>
      Promise.resolve(
        new FakeWorker((r) => ({ ...svgFor(r), svg: `<svg>${"x".repeat(1e6)}</svg>` })),
      ),
  });
  const file = renderer.cacheFile(VETH_PAIR);
  await mkdir(dirname(file), { recursive: true });
  const watcher = Deno.watchFs(dirname(file), { recursive: false });
  const sentinel = join(dirname(file), "sentinel");
  const events: Deno.FsEvent[] = [];
  const seen = (async () => {
    for await (const event of watcher) {
      events.push(event);
      if (event.paths.includes(sentinel)) break; // every event before it has arrived
    }
  })();
  await renderer.render(VETH_PAIR);
  await writeFile(sentinel, "");
  await seen;
  watcher.close();
  const onFile = events.filter((e) => e.paths.includes(file));
  assert.ok(onFile.length > 0, "the watcher saw the cache file arrive");
  assert.deepEqual(
    onFile.filter((e) => e.kind !== "rename").map((e) => `${e.kind} ${e.paths}`),
    [],
    "the cache file is only ever renamed into place",
  );
  assert.equal((await readFile(file, "utf8")).length, 1e6 + 11);
});

Deno.test("renderers drawing the same diagram at once leave one whole file and no temporary ones", async () => {
  await using cache = await tempCache();
  const renderers = [1, 2, 3, 4].map(() =>
    new MermaidRenderer({
      cacheDir: cache.dir,
      launch: () => Promise.resolve(new FakeWorker(svgFor)),
    })
  );
  const svgs = await Promise.all(renderers.map((r) => r.render(PING)));
  await Promise.all(renderers.map((r) => r.close()));
  assert.equal(new Set(svgs).size, 1);
  assert.deepEqual(renderers.map((r) => r.stats.unsaved), [0, 0, 0, 0]);
  assert.deepEqual(await readdir(join(cache.dir, rendererVersion())), [
    basename(renderers[0]?.cacheFile(PING) ?? ""),
  ]);
});

Deno.test("a cache file that is not a whole SVG is drawn again and replaced", async () => {
  await using cache = await tempCache();
  await using renderer = new MermaidRenderer({
    cacheDir: cache.dir,
    launch: () => Promise.resolve(new FakeWorker(svgFor)),
  });
  const file = renderer.cacheFile(PING);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, '<svg id="half');
  const svg = await renderer.render(PING);
  assert.match(svg, /^<svg id="mermaid-[0-9a-f]{12}">default<\/svg>$/);
  assert.equal(await readFile(file, "utf8"), svg);
  assert.deepEqual(
    [renderer.stats.cacheHits, renderer.stats.rendered],
    [0, 1],
  );
});

Deno.test("a cache that cannot be written still gives the SVG, and says why it was not kept", async () => {
  await using cache = await tempCache();
  const notADir = join(cache.dir, "file");
  await writeFile(notADir, "");
  await using renderer = new MermaidRenderer({
    cacheDir: notADir,
    launch: () => Promise.resolve(new FakeWorker(svgFor)),
  });
  assert.match(await renderer.render(PING), /^<svg/);
  assert.equal(renderer.stats.unsaved, 1);
  assert.ok(renderer.cacheError, "the reason is kept");
});
