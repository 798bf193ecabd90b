import assert from "node:assert/strict";
import MarkdownIt from "markdown-it";
import type { RunResult } from "../../lib/execute/results.ts";
import { introMarkdown } from "../../lib/export/intro.ts";
import { mermaidSource, outputBundle } from "../../lib/export/output_bundle.ts";
import { toMarkdown } from "../../lib/export/to_markdown.ts";
import { replayFile as replay } from "../support.ts";

/** Real replays, and the H1 each starts with (none: the intro goes on top). */
const NOTEBOOKS: Record<string, string | undefined> = {
  "notebooks/03-port-forward.md": "# Into the container from outside",
  "tests/data/markdown_export.md": "# Outputs inlined",
  "tests/data/inspect_lab.md": undefined,
  "tests/data/topology_lab.md": undefined,
};

/** What an output shows: a diagram's source, or text without its final newline. */
function shownText(run: RunResult, cell: string): string[] {
  const outputs = run.cells.find((c) => c.id === cell)?.outputs ?? [];
  return outputs.map((o) => {
    const bundle = outputBundle(o);
    const diagram = bundle["text/html"] === undefined ? mermaidSource(bundle) : undefined;
    return (diagram ?? bundle["text/plain"] ?? "").replace(/\n$/, "");
  }).filter((t) => t !== "");
}

/** The blocks a cell's outputs make: one per diagram, one per run of text between them. */
function outputBlockCount(run: RunResult, cell: string): number {
  let blocks = 0;
  let inText = false;
  for (const o of run.cells.find((c) => c.id === cell)?.outputs ?? []) {
    const bundle = outputBundle(o);
    if (bundle["text/html"] === undefined && mermaidSource(bundle) !== undefined) {
      blocks++;
      inText = false;
    } else if (!inText) {
      blocks++;
      inText = true;
    }
  }
  return blocks;
}

for (const [relative, h1] of Object.entries(NOTEBOOKS)) {
  Deno.test(`${relative}: no front matter, the intro right after the H1 or on top`, async () => {
    const run = await replay(relative);
    const md = toMarkdown(run);
    assert.ok(!md.startsWith("---"), "no front matter");
    assert.doesNotMatch(md, /^(title|summary|objectives|requires|sources):/m);
    const top = `${h1 ? `${h1}\n\n` : ""}${introMarkdown(run.notebook.meta)}\n\n`;
    assert.ok(md.startsWith(top), md.slice(0, 400));
    assert.equal(md.split(introMarkdown(run.notebook.meta)).length, 2, "the intro once");
  });

  Deno.test(`${relative}: every output follows its cell's code, in order, before the next cell`, async () => {
    const run = await replay(relative);
    const md = toMarkdown(run);
    const shown = run.notebook.cells.filter((c) => !c.options.hidden);
    const starts: number[] = [];
    let from = 0;
    for (const cell of shown) {
      const at = md.indexOf(`ts\n${cell.code}`, from);
      assert.ok(at > 0 && md[at - 1] === "`", `the code of ${cell.id} in a \`\`\`ts block`);
      starts.push(at);
      from = at + cell.code.length;
    }
    shown.forEach((cell, i) => {
      const end = starts[i + 1] ?? md.length;
      const start = starts[i];
      assert.ok(start !== undefined);
      let cursor = start + cell.code.length;
      for (const text of shownText(run, cell.id)) {
        const at = md.indexOf(text, cursor);
        assert.ok(at >= 0 && at < end, `an output of ${cell.id} after its code:\n${text}`);
        cursor = at + text.length;
      }
    });
  });

  Deno.test(`${relative}: markdown-it finds the notebook's fences plus one per output block`, async () => {
    const run = await replay(relative);
    const it = new MarkdownIt();
    const fences = it.parse(toMarkdown(run), {}).filter((t) => t.type === "fence");
    const lines = run.notebook.source.split("\n");
    const body = lines.slice(lines.indexOf("---", 1) + 1).join("\n"); // after the front matter
    const authored = it.parse(body, {}).filter((t) => t.type === "fence").length;
    const hidden = run.notebook.cells.filter((c) => c.options.hidden);
    const outputs = run.notebook.cells.filter((c) => !c.options.hidden)
      .reduce((n, c) => n + outputBlockCount(run, c.id), 0);
    // Exercises and questions are written out as Markdown, not as their authored blocks.
    const blocks = run.notebook.exercises.length + run.notebook.questions.length;
    assert.equal(fences.length, authored - blocks - hidden.length + outputs);
    assert.equal(
      fences.filter((f) => f.info === "ts").length,
      run.notebook.cells.length - hidden.length,
    );
    assert.ok(fences.every((f) => ["ts", "mermaid", "text", "sh"].includes(f.info)), "plain info");
    assert.ok(fences.every((f) => f.level === 0), "every block at the top level");
  });
}
