import assert from "node:assert/strict";
import { introMarkdown } from "../../lib/export/intro.ts";
import { toMarkdown } from "../../lib/export/to_markdown.ts";
import { replayFile as replay } from "../support.ts";

for (
  const relative of [
    "notebooks/03-port-forward.md",
    "tests/data/trace_dnat.md",
    "tests/data/markdown_export.md",
  ]
) {
  Deno.test(`${relative}: two replays export byte-identical Markdown ending in one newline`, async () => {
    const first = toMarkdown(await replay(relative));
    const second = toMarkdown(await replay(relative));
    assert.equal(first, second);
    assert.ok(first.endsWith("\n") && !first.endsWith("\n\n"), JSON.stringify(first.slice(-20)));
  });
}

Deno.test("without an H1 first, the intro goes on top", async () => {
  const run = await replay("tests/data/trace_dnat.md");
  assert.ok(toMarkdown(run).startsWith(`${introMarkdown(run.notebook.meta)}\n\n\`\`\`ts\n`));
});

Deno.test("toMarkdown does not change the run it exports", async () => {
  const run = await replay("tests/data/markdown_export.md");
  const before = JSON.stringify(run);
  toMarkdown(run);
  assert.equal(JSON.stringify(run), before);
});
