/**
 * MermaidRenderer and its worker process, with a worker played in memory: no Chromium, no
 * mermaid-cli. The real worker is exercised by mermaid_svg_renders_once_per_diagram_in_one_browser.
 */
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { ChromiumMissingError } from "../../lib/render/chromium_missing_error.ts";
import type { RenderAnswer, RenderRequest } from "../../lib/render/mermaid_cli/protocol.ts";
import {
  MermaidRenderer,
  type MermaidWorkerOptions,
  type MermaidWorkerProcess,
} from "../../lib/render/mermaid_svg.ts";
import { PING, VETH_PAIR } from "./diagrams.ts";

/** A worker that answers each request with `reply` (undefined: it dies, writing `stderr`). */
class FakeWorker implements MermaidWorkerProcess {
  readonly requests: RenderRequest[] = [];
  readonly stdin: WritableStream<Uint8Array>;
  readonly stdout: ReadableStream<Uint8Array>;
  readonly stderr: ReadableStream<Uint8Array>;
  readonly status: Promise<{ code: number }>;
  #out: WritableStreamDefaultWriter<Uint8Array>;
  #err: WritableStreamDefaultWriter<Uint8Array>;
  #exit!: (status: { code: number }) => void;
  #exited = false;

  constructor(reply: (request: RenderRequest) => RenderAnswer | undefined, stderr = "") {
    const out = new TransformStream<Uint8Array, Uint8Array>();
    const err = new TransformStream<Uint8Array, Uint8Array>();
    this.stdout = out.readable;
    this.stderr = err.readable;
    this.#out = out.writable.getWriter();
    this.#err = err.writable.getWriter();
    this.status = new Promise((exit) => this.#exit = exit);
    let buffer = "";
    this.stdin = new WritableStream({
      write: async (chunk) => {
        buffer += new TextDecoder().decode(chunk);
        for (let nl; (nl = buffer.indexOf("\n")) >= 0; buffer = buffer.slice(nl + 1)) {
          const request = JSON.parse(buffer.slice(0, nl));
          this.requests.push(request);
          const answer = reply(request);
          if (!answer) return await this.#die(1, stderr);
          await this.#out.write(new TextEncoder().encode(JSON.stringify(answer) + "\n"));
        }
      },
      close: () => this.#die(0),
    });
  }

  async #die(code: number, stderr = "") {
    if (this.#exited) return;
    this.#exited = true;
    if (stderr) await this.#err.write(new TextEncoder().encode(stderr));
    await Promise.all([this.#out.close(), this.#err.close()]);
    this.#exit({ code });
  }
}

const svgFor = (request: RenderRequest) => ({
  id: request.id,
  svg: `<svg id="${request.svgId}">${request.theme}</svg>`,
});

async function tempCache() {
  const dir = await Deno.makeTempDir({ prefix: "netbook-mermaid-" });
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

Deno.test("one worker draws every diagram; the same diagram asked twice at once is drawn once", async () => {
  await using cache = await tempCache();
  const workers: FakeWorker[] = [];
  const started: MermaidWorkerOptions[] = [];
  await using renderer = new MermaidRenderer({
    cacheDir: cache.dir,
    theme: "forest",
    executablePath: "/opt/chromium",
    concurrency: 2,
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
  assert.deepEqual(started, [{ executablePath: "/opt/chromium", concurrency: 2 }]);
  const [request] = workers[0].requests;
  assert.deepEqual(Object.keys(request).sort(), [
    "backgroundColor",
    "fontEmbed",
    "id",
    "source",
    "svgId",
    "theme",
  ]);
  assert.equal(request.theme, "forest");
  assert.equal(workers[0].requests.length, 2);
  assert.deepEqual(renderer.stats, { launches: 1, rendered: 2, cacheHits: 0 });
  await renderer.close();
  assert.deepEqual(await workers[0].status, { code: 0 }, "close() ends the worker");
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
  assert.deepEqual(renderer.stats, { launches: 2, rendered: 1, cacheHits: 0 });
});
