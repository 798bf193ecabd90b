import { mimeText } from "../mime_texts.ts";
import assert from "node:assert/strict";
import MarkdownIt from "markdown-it";
import { mermaidSource, outputBundle } from "../../lib/export/output_bundle.ts";
import { toMarkdown } from "../../lib/export/to_markdown.ts";
import { replayFile as replay } from "../support.ts";

function fences(md: string) {
  return new MarkdownIt().parse(md, {}).filter((t) => t.type === "fence");
}

Deno.test("authored ```mermaid parts stay ```mermaid blocks, source unchanged", async () => {
  const run = await replay("notebooks/03-port-forward.md");
  const mermaid = fences(toMarkdown(run)).filter((f) => f.info === "mermaid");
  const authored = run.notebook.parts.flatMap((p) => p.kind === "mermaid" ? [p.source] : []);
  assert.ok(authored.length > 0);
  for (const source of authored) {
    assert.ok(mermaid.some((f) => f.content === `${source.replace(/\n$/, "")}\n`), source);
  }
});

Deno.test("a shown topology is a ```mermaid block right after its cell's code", async () => {
  const run = await replay("tests/data/topology_lab.md");
  const cell = run.cells.find((c) => c.outputs.some((o) => o.type === "display"))!;
  const source = mermaidSource(outputBundle(cell.outputs.find((o) => o.type === "display")!));
  assert.ok(source?.startsWith("flowchart"), "the recording shows a diagram");
  const all = fences(toMarkdown(run));
  const code = all.findIndex((f) =>
    f.info === "ts" && f.content.startsWith(run.notebook.cells.find((c) => c.id === cell.id)!.code)
  );
  assert.equal(all[code + 1]?.info, "mermaid");
  assert.equal(all[code + 1]?.content, `${source}\n`);
});

Deno.test("notebook 03: one ```mermaid block per authored diagram and per diagram shown", async () => {
  const run = await replay("notebooks/03-port-forward.md");
  const drawn = fences(toMarkdown(run)).filter((f) => f.info === "mermaid").map((f) => f.content);
  const authored = run.notebook.parts.filter((p) => p.kind === "mermaid");
  const shown = run.cells.flatMap((c) => c.outputs).map(outputBundle)
    .flatMap((b) => b["text/html"] === undefined ? mermaidSource(b) ?? [] : []);
  assert.ok(shown.length > 0, "notebook 03 shows a topology");
  for (const source of shown) assert.ok(drawn.includes(`${source}\n`), source);
  assert.equal(drawn.length, authored.length + shown.length);
});

Deno.test("a packet trace shows its table, as the HTML page does, not its diagram", async () => {
  const run = await replay("tests/data/trace_dnat.md");
  const trace = run.cells.flatMap((c) => c.outputs).map(outputBundle)
    .find((b) => b["text/html"]?.includes("nb-trace"))!;
  assert.ok(mermaidSource(trace), "the trace's bundle carries a diagram");
  const all = fences(toMarkdown(run));
  assert.ok(!all.some((f) => f.info === "mermaid"));
  assert.ok(all.some((f) => f.info === "text" && f.content.includes(mimeText(trace))));
});

Deno.test("a displayed bundle with a mermaid diagram in its Markdown is drawn", async () => {
  const run = await replay("tests/data/markdown_export.md");
  const all = fences(toMarkdown(run));
  const code = all.findIndex((f) => f.info.includes("ts") && f.content.includes("Jupyter.display"));
  assert.equal(all[code + 1]?.info, "mermaid");
  assert.equal(all[code + 1]?.content, "flowchart LR\n  a --> b\n");
  assert.equal(all[code + 2]?.info, "ts", "and its text/plain is not printed too");
});
