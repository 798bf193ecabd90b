/**
 * Renders mermaid diagrams to SVG in one Chromium, for MermaidRenderer (../mermaid_svg.ts), which
 * runs it as its own Deno process with this folder's deno.json, so that mermaid, mermaid-cli,
 * puppeteer and their ~500 MB of packages live in this folder's node_modules and only a run that
 * draws an SVG installs them.
 *
 *   deno run -A --quiet --config deno.json render_worker.ts [EXECUTABLE_PATH [CONCURRENCY]]
 *
 * stdin: one JSON request a line, `{ id, source, theme, backgroundColor, fontEmbed, svgId }`.
 * stdout: one JSON answer a line, in any order, `{ id, svg, mermaidLoads }` or
 * `{ id, error, kind }` (protocol.ts).
 * Chromium starts, and a page loads mermaid, as the worker starts. Diagrams are drawn in warm
 * pages, each with mermaid loaded once: at most CONCURRENCY of them (default 1), opened only while
 * every open one is busy. When stdin closes, the worker answers what it has started, closes the
 * browser and exits.
 */
import { jsonLine, readJsonLines } from "../../io/json_lines.ts";
import { type Browser, chromiumPath, launchChromium } from "./chromium.ts";
import { PageFiles } from "./page_files.ts";
import { PagePool } from "./page_pool.ts";
import type { RenderAnswer, RenderErrorKind, RenderRequest } from "./protocol.ts";
import { WarmPage } from "./warm_page.ts";

class WorkerError extends Error {
  constructor(message: string, readonly kind: RenderErrorKind) {
    super(message);
  }
}

const executablePath = Deno.args[0] || chromiumPath();
const concurrency = Math.max(1, Number(Deno.args[1]) || 1);

console.log = console.error; // stdout carries answers only, whatever a package prints

let browser: Promise<Browser> | undefined;
let writing = Promise.resolve();
const files = PageFiles.find();
files.catch(() => {}); // each diagram answers with the error
const log = (line: string) => console.error(line);
const pages = new PagePool(concurrency, async () => {
  const [chromium, found] = await Promise.all([startBrowser(), files]);
  return await WarmPage.open(chromium, found, log);
});

function answer(message: RenderAnswer): Promise<void> {
  const line = jsonLine(message);
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
    const forget = () => { // the next page starts another
      if (browser === started) browser = undefined;
    };
    started.then((chromium) => chromium.on("disconnected", forget), forget);
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
    return await launchChromium(executablePath);
  } catch (error) {
    throw new WorkerError(String((error as Error)?.message ?? error), "launch");
  }
}

async function serve({ id, ...drawing }: RenderRequest): Promise<void> {
  try {
    const svg = await pages.use((page) => page.render(drawing));
    await answer({ id, svg, mermaidLoads: (await files).mermaidLoads });
  } catch (error) {
    const kind = error instanceof WorkerError ? error.kind : "render";
    await answer({ id, error: String((error as Error)?.message ?? error), kind });
  }
}

pages.prewarm(); // Chromium and a warm page get ready while the first request is on its way

const serving = new Set<Promise<void>>();
for await (const request of readJsonLines<RenderRequest>(Deno.stdin.readable)) {
  const served = serve(request).finally(() => serving.delete(served));
  serving.add(served);
}
await Promise.all(serving);
await writing;
await pages.close();
if (browser) await (await browser.catch(() => undefined))?.close();
Deno.exit(0); // puppeteer may leave handles open
