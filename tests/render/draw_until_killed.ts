/**
 * Draws diagrams with a MermaidRenderer (its worker, its Chromium) until it is killed, as the
 * diagram benchmark does: says "drawing" once its first diagram is drawn. For
 * a_stopped_export_leaves_no_chromium_test.ts.
 *
 *   deno run -A tests/render/draw_until_killed.ts CACHE_DIR
 */
import { MermaidRenderer } from "../../lib/render/mermaid_svg.ts";

const renderer = new MermaidRenderer({ cacheDir: Deno.args[0] });
for (let i = 0;; i++) {
  await renderer.render(`flowchart LR\n  a${i} --> b${i}`);
  if (i === 0) console.log("drawing");
}
