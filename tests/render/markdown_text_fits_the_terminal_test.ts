import assert from "node:assert/strict";
import { markdownToTerminal } from "../../lib/render/markdown_terminal.ts";
import { makeStyle } from "../../lib/render/style.ts";
import { tooWide } from "./diagram_checks.ts";

const style = makeStyle(false);

Deno.test("a long line of a narrative code block wraps at spaces under its indent", () => {
  const cmd =
    "iptables -t nat -A PREROUTING -p tcp --dport 80 -m addrtype --dst-type LOCAL ! -i br0 -j DNAT --to-destination 10.0.0.10:80";
  const text = markdownToTerminal("```sh\n" + cmd + "\n```", { width: 60, style });
  const lines = text.split("\n");
  assert.deepEqual(tooWide(text, 60), []);
  assert.ok(lines.length > 1);
  assert.ok(lines[0]?.startsWith("    iptables"));
  assert.ok(lines.slice(1).every((l) => l.startsWith("      ")), text);
  assert.equal(lines.map((l) => l.trim()).join(" "), cmd);
});

Deno.test("paragraphs, list items and headings stay within the width", () => {
  const md = "# A heading long enough to need a second line at forty\n\n" +
    "A paragraph of several words that wraps.\n\n- an item with enough words to wrap under its bullet\n";
  const text = markdownToTerminal(md, { width: 40, style });
  assert.deepEqual(tooWide(text, 40), []);
  assert.match(text, /^• an item with enough words to wrap\n {2}under its bullet$/m);
});
