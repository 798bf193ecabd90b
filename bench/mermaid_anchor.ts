/**
 * The benchmarks' anchor: mermaid loaded once in a Chromium page (its own bundle, a script tag),
 * drawing diagrams with `mermaid.render` and nothing else: no worker protocol, no font embedding,
 * no cache. It needs puppeteer, so it runs with the renderer worker's config, out of the main
 * import graph (mermaid_anchor_client.ts starts it):
 *
 *   deno run -A --frozen --config CACHE/packages-DIGEST/deno.json bench/mermaid_anchor.ts
 *
 * stdin: one JSON request a line, `{ sources: string[], theme }`; stdout: `{ ms: number[] }`, the
 * time each diagram took, drawn one after the other, in the page. `{ ready: true }` first, once
 * mermaid is loaded.
 */
import { fileURLToPath } from "node:url";
import { jsonLine, readJsonLines } from "../lib/io/json_lines.ts";
import { launchChromium } from "../lib/render/mermaid_page/chromium.ts";

const bundle = fileURLToPath(new URL("mermaid.min.js", import.meta.resolve("mermaid")));
const browser = await launchChromium();
const page = await browser.newPage();
await page.addScriptTag({ path: bundle });
const write = async (value: unknown) => {
  const line = jsonLine(value);
  for (let n = 0; n < line.length;) n += await Deno.stdout.write(line.subarray(n));
};
await write({ ready: true });

for await (
  const { sources, theme } of readJsonLines<{ sources: string[]; theme: string }>(
    Deno.stdin.readable,
  )
) {
  const ms = await page.evaluate(
    async (sources: string[], theme: string) => {
      // deno-lint-ignore no-explicit-any -- the bundle's global
      const mermaid = (globalThis as any).mermaid;
      const times: number[] = [];
      for (const [i, source] of sources.entries()) {
        const start = performance.now();
        mermaid.initialize({ startOnLoad: false, theme });
        await mermaid.render(`anchor-${i}`, source);
        times.push(performance.now() - start);
      }
      return times;
    },
    sources,
    theme,
  );
  await write({ ms });
}
await browser.close();
Deno.exit(0);
