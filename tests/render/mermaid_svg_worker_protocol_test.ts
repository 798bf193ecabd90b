/**
 * MermaidRenderer and its worker process, with a worker played in memory: no Chromium, no
 * mermaid. The real worker is exercised by mermaid_svg_renders_once_per_diagram_in_one_browser.
 */
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { ChromiumMissingError } from "../../lib/render/chromium_missing_error.ts";
import { MermaidRenderer, type MermaidWorkerOptions } from "../../lib/render/mermaid_svg.ts";
import { PING, VETH_PAIR } from "./diagrams.ts";
import { FakeWorker, svgFor, tempCache } from "./mermaid_svg_fake_worker.ts";

Deno.test("one worker draws every diagram; the same diagram asked twice at once is drawn once", async () => {
  await using cache = await tempCache();
  const workers: FakeWorker[] = [];
  const started: MermaidWorkerOptions[] = [];
  await using renderer = new MermaidRenderer({
    cacheDir: cache.dir,
    theme: "forest",
    executablePath: "/opt/chromium",
    launch: (options) => {
      started.push(options);
      workers.push(new FakeWorker(svgFor));
      return Promise.resolve(workers.at(-1)!);
    },
  });
  const [a, b, c] = await Promise.all([
    renderer.render(VETH_PAIR),
    renderer.render(VETH_PAIR + "\n"),
    renderer.render(PING),
  ]);
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.deepEqual(started, [{ executablePath: "/opt/chromium", cacheDir: cache.dir }]);
  const [request] = workers[0]?.requests ?? [];
  assert.ok(request);
  assert.deepEqual(Object.keys(request).sort(), [
    "id",
    "source",
    "svgId",
    "theme",
  ]);
  assert.equal(request?.theme, "forest");
  assert.equal(workers[0]?.requests.length, 2);
  assert.deepEqual(renderer.stats, {
    launches: 1,
    rendered: 2,
    cacheHits: 0,
    mermaidLoads: 1,
    unsaved: 0,
  });
  await renderer.close();
  assert.deepEqual(await workers[0]?.status, { code: 0 }, "close() ends the worker");
});

Deno.test("mermaidLoads adds up what each worker's pages loaded", async () => {
  await using cache = await tempCache();
  let loads = 0;
  await using renderer = new MermaidRenderer({
    cacheDir: cache.dir,
    launch: () => {
      loads = 0;
      return Promise.resolve(new FakeWorker((r) => ({ ...svgFor(r), mermaidLoads: ++loads })));
    },
  });
  await renderer.render(PING);
  await renderer.render(VETH_PAIR); // a second page of the same worker
  await renderer.close();
  await renderer.render(PING + "\n  %% again"); // a new worker: its own first page
  assert.deepEqual(renderer.stats, {
    launches: 2,
    rendered: 3,
    cacheHits: 0,
    mermaidLoads: 3,
    unsaved: 0,
  });
});

Deno.test("a worker without Chromium answers chromium-missing: the error says what to install", async () => {
  await using cache = await tempCache();
  await using renderer = new MermaidRenderer({
    cacheDir: cache.dir,
    executablePath: "/gone/chromium",
    launch: () =>
      Promise.resolve(
        new FakeWorker((r) => ({ id: r.id, error: "/gone/chromium", kind: "chromium-missing" })),
      ),
  });
  const error = await renderer.render(PING).catch((e) => e);
  assert.ok(error instanceof ChromiumMissingError);
  assert.match(error.message, /\/gone\/chromium/);
  assert.match(error.message, /apt-get install -y chromium/);
  assert.deepEqual(await readdir(cache.dir).catch(() => []), []);
});

Deno.test("a worker that dies fails its diagrams with its stderr; the next diagram starts another", async () => {
  await using cache = await tempCache();
  let launches = 0;
  await using renderer = new MermaidRenderer({
    cacheDir: cache.dir,
    launch: () =>
      Promise.resolve(
        launches++ === 0
          ? new FakeWorker(() => undefined, "error: could not install npm:puppeteer\n")
          : new FakeWorker(svgFor),
      ),
  });
  await assert.rejects(
    renderer.render(PING),
    /mermaid worker .* exited with code 1:\nerror: could not install npm:puppeteer/,
  );
  assert.match(await renderer.render(PING), /^<svg/);
  assert.deepEqual(renderer.stats, {
    launches: 2,
    rendered: 1,
    cacheHits: 0,
    mermaidLoads: 1,
    unsaved: 0,
  });
});

Deno.test("warm() starts the worker ahead of the first diagram, which then uses it", async () => {
  await using cache = await tempCache();
  const workers: FakeWorker[] = [];
  await using renderer = new MermaidRenderer({
    cacheDir: cache.dir,
    launch: () => Promise.resolve(workers[workers.length] = new FakeWorker(svgFor)),
  });
  renderer.warm();
  assert.equal(renderer.stats.launches, 1);
  await renderer.render(PING);
  assert.equal(workers.length, 1);
  assert.equal(workers[0]?.requests.length, 1);
  assert.deepEqual([renderer.stats.launches, renderer.stats.rendered], [1, 1]);
});
