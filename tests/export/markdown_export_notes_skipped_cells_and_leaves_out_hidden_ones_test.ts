import assert from "node:assert/strict";
import MarkdownIt from "markdown-it";
import type { RunResult } from "../../lib/execute/results.ts";
import { toMarkdown } from "../../lib/export/to_markdown.ts";
import { replayFile as replay } from "../support.ts";
import { CellError } from "../../lib/execute/errors.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";

/** The Markdown after a cell's code, up to the line break before the next ```ts block. */
function after(md: string, code: string): string {
  const start = md.indexOf(code);
  assert.ok(start > 0, code);
  const rest = md.slice(start + code.length);
  const next = rest.search(/\n`{3,}ts\n/);
  return next < 0 ? rest : rest.slice(0, next);
}

Deno.test("a hidden cell is left out: neither its code nor its outputs", async () => {
  const run = await replay("tests/data/markdown_export.md");
  const secret = run.cells.find((c) => c.id === "secret")!;
  assert.equal(secret.status, "ok", "the hidden cell ran");
  assert.ok(secret.outputs.length >= 2);
  const md = toMarkdown(run);
  assert.ok(!md.includes("a hidden cell prints this"));
  assert.ok(!md.includes("echo hidden"));
  assert.ok(!md.includes("hidden\n"));
  assert.match(md, /\*Skipped: marked skip\.\*\n\nThe end\.\n$/);
});

Deno.test("a skipped cell keeps its code and gets one italic line with the reason", async () => {
  const run = await replay("tests/data/markdown_export.md");
  const md = toMarkdown(run);
  const tunnel = run.cells.find((c) => c.id === "tunnel")!;
  assert.equal(tunnel.status, "skipped");
  assert.ok(tunnel.note);
  assert.equal(after(md, "await $`ip tunnel show`;\n"), `\`\`\`\n\n*Skipped: ${tunnel.note}.*\n`);
  assert.equal(
    after(md, 'console.log("marked ran");\n'),
    "```\n\n*Skipped: marked skip.*\n\nThe end.\n",
  );
  const html = new MarkdownIt().render(md);
  assert.ok(html.includes(`<p><em>Skipped: ${tunnel.note}.</em></p>`), html);
});

Deno.test("a failed cell says why, the cells the run never reached say so", () => {
  const source = [
    "---",
    "title: Stops",
    "summary: a run that stops",
    "objectives: [stop]",
    "---",
    "",
    "```ts id=breaks",
    "await $`ip link show nope`;",
    "```",
    "",
    "```ts id=never",
    'console.log("never");',
    "```",
    "",
  ].join("\n");
  const run: RunResult = {
    notebook: parseNotebook(source, "stops.md"),
    mode: "replay",
    reason: "replay was asked for",
    ok: false,
    error: new CellError("stops.md:8 (cell breaks): `ip` exited 1 *twice*", "breaks", 8, "error"),
    cells: [
      {
        id: "breaks",
        status: "failed",
        ms: 1,
        outputs: [{
          type: "command",
          transcript: {
            command: "ip link show nope",
            stdout: "",
            stderr: 'Device "nope" does not exist.\n',
            code: 1,
            ms: 1,
            expected: false,
          },
        }],
      },
      { id: "never", status: "not-run", ms: 0, outputs: [] },
    ],
  };
  const md = toMarkdown(run);
  assert.equal(
    after(md, "await $`ip link show nope`;\n"),
    "```\n\n*This cell failed: stops.md:8 (cell breaks): \\`ip\\` exited 1 \\*twice\\*.*\n\n" +
      '```text\n$ ip link show nope\nDevice "nope" does not exist.\n[exit 1]\n```\n',
  );
  assert.ok(md.endsWith("*Not run: the run stopped before this cell.*\n"), md);
  const html = new MarkdownIt().render(md);
  assert.ok(
    html.includes("<p><em>This cell failed: stops.md:8 (cell breaks): `ip` exited 1 *twice*.</em>"),
    html,
  );
});
