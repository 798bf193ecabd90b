/**
 * Renders mermaid diagrams to SVG with mermaid-cli in one Chromium, for MermaidRenderer
 * (../mermaid_svg.ts), which runs it as its own Deno process with this folder's deno.json, so that
 * mermaid-cli, puppeteer and their ~500 MB of packages live in this folder's node_modules and only
 * a run that draws an SVG installs them.
 *
 *   deno run -A --quiet --config deno.json render_worker.ts [EXECUTABLE_PATH [CONCURRENCY]]
 *
 * stdin: one JSON request a line, `{ id, source, theme, backgroundColor, fontEmbed, svgId }`.
 * stdout: one JSON answer a line, in any order, `{ id, svg }` or `{ id, error, kind }`
 * (protocol.ts).
 * Chromium starts on the first request; when stdin closes, the worker answers what it has started,
 * closes the browser and exits.
 */
import type { Browser } from "puppeteer";
import type { RenderAnswer, RenderErrorKind, RenderRequest } from "./protocol.ts";

/** Flags for Debian's Chromium in containers and CI: no sandbox, GPU, or background traffic. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--headless",
];

class WorkerError extends Error {
  constructor(message: string, readonly kind: RenderErrorKind) {
    super(message);
  }
}

const executablePath = Deno.args[0] || Deno.env.get("PUPPETEER_EXECUTABLE_PATH") ||
  "/usr/bin/chromium";
const concurrency = Math.max(1, Number(Deno.args[1]) || 4);

let browser: Promise<Browser> | undefined;
let slots = concurrency;
const waiting: (() => void)[] = [];
const encoder = new TextEncoder();
let writing = Promise.resolve();

function answer(message: RenderAnswer): Promise<void> {
  const line = encoder.encode(JSON.stringify(message) + "\n");
  writing = writing.then(() => writeAll(line));
  return writing;
}

async function writeAll(bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.length) written += await Deno.stdout.write(bytes.subarray(written));
}

function startBrowser(): Promise<Browser> {
  if (!browser) {
    const started = launch();
    started.catch(() => { // the next diagram tries again
      if (browser === started) browser = undefined;
    });
    browser = started;
  }
  return browser;
}

async function launch(): Promise<Browser> {
  try {
    await Deno.stat(executablePath);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new WorkerError(`${executablePath} does not exist`, "chromium-missing");
    }
    throw new WorkerError(String(error), "launch");
  }
  try {
    const { default: puppeteer } = await import("puppeteer");
    return await puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    throw new WorkerError(String((error as Error)?.message ?? error), "launch");
  }
}

async function render(request: RenderRequest): Promise<string> {
  const [chromium, { renderMermaid }] = await Promise.all([
    startBrowser(),
    import("@mermaid-js/mermaid-cli"),
  ]);
  if (slots > 0) slots--;
  else await new Promise<void>((go) => waiting.push(go));
  try {
    const { data } = await renderMermaid(chromium, request.source, "svg", {
      // deno-lint-ignore no-explicit-any -- a theme name checked by MermaidRenderer's options
      mermaidConfig: { theme: request.theme as any },
      fontEmbed: request.fontEmbed,
      backgroundColor: request.backgroundColor,
      svgId: request.svgId, // unique, so that several SVGs on one HTML page keep their own styles
    });
    return new TextDecoder().decode(data);
  } catch (error) {
    throw new WorkerError(String((error as Error)?.message ?? error), "render");
  } finally {
    const next = waiting.shift();
    if (next) next();
    else slots++;
  }
}

async function serve(request: RenderRequest): Promise<void> {
  try {
    await answer({ id: request.id, svg: await render(request) });
  } catch (error) {
    const kind = error instanceof WorkerError ? error.kind : "render";
    await answer({ id: request.id, error: String((error as Error)?.message ?? error), kind });
  }
}

async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let buffer = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      yield buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
    }
  }
  if (buffer) yield buffer;
}

const serving = new Set<Promise<void>>();
for await (const line of lines(Deno.stdin.readable)) {
  if (!line.trim()) continue;
  const request = JSON.parse(line) as RenderRequest;
  const served = serve(request).finally(() => serving.delete(served));
  serving.add(served);
}
await Promise.all(serving);
await writing;
if (browser) await (await browser.catch(() => undefined))?.close();
Deno.exit(0); // puppeteer may leave handles open
