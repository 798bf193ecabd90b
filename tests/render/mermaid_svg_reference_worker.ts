/**
 * A mermaid worker that draws with mermaid-cli's own renderMermaid: a new page, and mermaid loaded
 * again, for every diagram. It speaks the worker protocol (lib/render/mermaid_cli/protocol.ts), so
 * a MermaidRenderer can use it (`launch`): the tests compare the warm pages' SVGs with its SVGs,
 * and the benchmark measures it as the renderer before warm pages. It needs puppeteer, so it runs
 * with the worker's config, out of the main import graph:
 *
 *   deno run -A --config lib/render/mermaid_cli/deno.json THIS_FILE [EXECUTABLE_PATH]
 */
import { renderMermaid } from "@mermaid-js/mermaid-cli";
import { jsonLine, readJsonLines } from "../../lib/io/json_lines.ts";
import { chromiumPath, launchChromium } from "../../lib/render/mermaid_cli/chromium.ts";
import type { RenderAnswer, RenderRequest } from "../../lib/render/mermaid_cli/protocol.ts";

const browser = await launchChromium(Deno.args[0] || chromiumPath());
let loads = 0;
let writing = Promise.resolve();
const answer = (message: RenderAnswer) => {
  const line = jsonLine(message);
  writing = writing.then(async () => {
    for (let n = 0; n < line.length;) n += await Deno.stdout.write(line.subarray(n));
  });
};

async function serve(request: RenderRequest): Promise<void> {
  try {
    const { data } = await renderMermaid(browser, request.source, "svg", {
      // deno-lint-ignore no-explicit-any -- a theme name, as MermaidRenderer's options allow
      mermaidConfig: { theme: request.theme as any },
      fontEmbed: request.fontEmbed,
      backgroundColor: request.backgroundColor,
      svgId: request.svgId,
    });
    answer({ id: request.id, svg: new TextDecoder().decode(data), mermaidLoads: ++loads });
  } catch (error) {
    answer({ id: request.id, error: String((error as Error)?.message ?? error), kind: "render" });
  }
}

const serving: Promise<void>[] = [];
for await (const request of readJsonLines<RenderRequest>(Deno.stdin.readable)) {
  serving.push(serve(request));
}
await Promise.all(serving);
await writing;
await browser.close();
Deno.exit(0);
