/**
 * Renders mermaid diagrams to SVG in one Chromium page, for MermaidRenderer (../mermaid_svg.ts),
 * with mermaid's own published API: its bundle (`dist/mermaid.min.js`) loaded once into a blank
 * page, then `mermaid.initialize` and `mermaid.render` for each diagram. It runs as its own Deno
 * process with a copy of this folder's deno.json in the user's cache (../mermaid_packages.ts), so
 * mermaid and puppeteer-core are installed there, not in the clone, and stay out of the main
 * import graph:
 *
 *   deno run -A --quiet --frozen --config CACHE/deno.json render_worker.ts [EXECUTABLE_PATH]
 *
 * stdin: one JSON request a line, `{ id, source, theme, svgId }`; stdout: one JSON answer a line,
 * `{ id, svg, mermaidLoads }` or `{ id, error, kind }` (protocol.ts), in the order asked. Chromium
 * starts and the page loads mermaid as the worker starts; when stdin closes, the worker answers
 * what it has started, closes the browser and exits.
 */
import { fileURLToPath } from "node:url";
import { jsonLine, readJsonLines } from "../../io/json_lines.ts";
import { type Browser, chromiumPath, launchChromium, type Page } from "./chromium.ts";
import type { RenderAnswer, RenderErrorKind, RenderRequest } from "./protocol.ts";
import { renumberSequenceActors } from "./sequence_actor_ids.ts";

class WorkerError extends Error {
  constructor(message: string, readonly kind: RenderErrorKind) {
    super(message);
  }
}

const executablePath = Deno.args[0] || chromiumPath();
const bundle = fileURLToPath(new URL("mermaid.min.js", import.meta.resolve("mermaid")));

console.log = console.error; // stdout carries answers only, whatever a package prints

let mermaidLoads = 0;

async function open(): Promise<{ browser: Browser; page: Page }> {
  try {
    await Deno.stat(executablePath);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new WorkerError(`${executablePath} does not exist`, "chromium-missing");
    }
    throw new WorkerError(String(error), "launch");
  }
  let browser: Browser;
  try {
    browser = await launchChromium(executablePath);
  } catch (error) {
    throw new WorkerError(String((error as Error)?.message ?? error), "launch");
  }
  const page = (await browser.pages())[0] ?? await browser.newPage();
  page.on("pageerror", (error) => console.error(String(error)));
  await page.addScriptTag({ path: bundle });
  mermaidLoads++;
  return { browser, page };
}

const opened = open();
opened.catch(() => {}); // each request answers with the error

async function render({ source, theme, svgId }: RenderRequest): Promise<string> {
  const { page } = await opened;
  const svg = await page.evaluate(
    async (source: string, theme: string, id: string) => {
      // deno-lint-ignore no-explicit-any -- the bundle's global and the page's document
      const { mermaid, document } = globalThis as any;
      mermaid.initialize({ startOnLoad: false, theme, securityLevel: "strict" });
      try {
        return (await mermaid.render(id, source)).svg as string;
      } finally {
        document.getElementById(id)?.remove();
        document.getElementById(`d${id}`)?.remove();
      }
    },
    source,
    theme,
    svgId,
  );
  return renumberSequenceActors(svg);
}

let writing = Promise.resolve();
function answer(message: RenderAnswer): Promise<void> {
  const line = jsonLine(message);
  writing = writing.then(async () => {
    for (let n = 0; n < line.length;) n += await Deno.stdout.write(line.subarray(n));
  });
  return writing;
}

// One diagram at a time: mermaid's configuration is the page's, shared by every render.
let queue = Promise.resolve();
for await (const request of readJsonLines<RenderRequest>(Deno.stdin.readable)) {
  queue = queue.then(async () => {
    try {
      await answer({ id: request.id, svg: await render(request), mermaidLoads });
    } catch (error) {
      const kind = error instanceof WorkerError ? error.kind : "render";
      await answer({ id: request.id, error: String((error as Error)?.message ?? error), kind });
    }
  });
}
await queue;
await writing;
await (await opened.catch(() => undefined))?.browser.close();
Deno.exit(0); // puppeteer may leave handles open
