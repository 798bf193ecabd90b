import assert from "node:assert/strict";
import MarkdownIt from "markdown-it";
import type { Output, RunResult } from "../../lib/execute/results.ts";
import { toMarkdown } from "../../lib/export/to_markdown.ts";
import { replayFile as replay } from "../support.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";

function fences(md: string) {
  return new MarkdownIt().parse(md, {}).filter((t) => t.type === "fence");
}

/** A one-cell notebook run by hand, with these outputs. */
function oneCell(code: string, outputs: Output[]): RunResult {
  const fence = "`".repeat(8);
  const source =
    `---\ntitle: T\nsummary: S\nobjectives: [o]\n---\n\n# T\n\n${fence}ts id=c\n${code}\n${fence}\n`;
  return {
    notebook: parseNotebook(source, "t.md"),
    mode: "replay",
    reason: "replay was asked for",
    ok: true,
    cells: [{ id: "c", status: "ok", ms: 1, outputs }],
  };
}

Deno.test("code and printed text with ``` and ```` in them get a longer fence", async () => {
  const run = await replay("tests/data/markdown_export.md");
  const md = toMarkdown(run);
  const all = fences(md);
  const code = all.findIndex((f) => f.content.includes("inside a fence"));
  assert.equal(all[code]?.info, "ts");
  assert.equal(all[code]?.markup, "`````");
  assert.equal(all[code]?.content, `${run.notebook.cells.find((c) => c.id === "backticks")!.code}`);
  assert.equal(all[code + 1]?.info, "text");
  assert.equal(all[code + 1]?.markup, "`````");
  assert.equal(all[code + 1]?.content, "```\ninside a fence\n```\na ```` run of four\n");
});

Deno.test("a cell's printed lines and transcripts make one text block, verbatim, like a terminal", async () => {
  const run = await replay("tests/data/markdown_export.md");
  const all = fences(toMarkdown(run));
  const code = all.findIndex((f) => f.info === "ts" && f.content.includes('console.log("one")'));
  assert.equal(all[code + 1]?.info, "text");
  assert.equal(all[code + 1]?.content, "one\ntwo  \n\tthree\n\n$ echo fenced\nfenced\n");
  assert.equal(all[code + 2]?.info, "ts", "one block for all of them");
});

Deno.test("a fence is longer than the longest run of backticks, wherever it is", () => {
  const text = "a ``````` run of seven  \n``\ttrailing blank space stays \n\n";
  const md = toMarkdown(oneCell("const s = '``````';", [
    { type: "stream", name: "stdout", text },
    {
      type: "command",
      transcript: {
        command: "echo '```'",
        stdout: "```\n",
        stderr: "",
        code: 0,
        ms: 1,
        expected: false,
      },
    },
  ]));
  const all = fences(md);
  assert.equal(all.length, 2);
  assert.deepEqual(all.map((f) => [f.info, f.markup]), [["ts", "```````"], ["text", "````````"]]);
  assert.equal(all[0]?.content, "const s = '``````';\n");
  assert.equal(all[1]?.content, `${text}\n$ echo '\`\`\`'\n\`\`\`\n`);
});

Deno.test("text without backticks gets a plain ``` fence", () => {
  const md = toMarkdown(oneCell("1;", [{ type: "stream", name: "stdout", text: "x\n" }]));
  assert.ok(md.endsWith("\n```ts\n1;\n```\n\n```text\nx\n```\n"), md);
});
