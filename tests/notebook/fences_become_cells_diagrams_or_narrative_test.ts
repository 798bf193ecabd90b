import assert from "node:assert/strict";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import type { Part } from "../../lib/notebook/model.ts";
import { lineOf, readData } from "../support.ts";

const PATH = "notebooks/every.md";
const text = await readData("every_kind_of_part.md");
const lines = text.split("\n");
const nb = parseNotebook(text, PATH);

/** The 1-based line of the fence that closes the block opened at `open`. */
function closingFence(open: number): number {
  const marker = lines[open - 1]?.match(/^(`{3,}|~{3,})/)?.[1];
  assert.ok(marker, `line ${open} opens no fence`);
  const at = lines.findIndex((l, i) => i >= open && l.trim() === marker);
  assert.ok(at >= 0, `no closing fence for line ${open}`);
  return at + 1;
}

Deno.test("the notebook keeps its path and source", () => {
  assert.equal(nb.path, PATH);
  assert.equal(nb.source, text);
});

Deno.test("ts and typescript fences become cells, in order, and cells are also parts", () => {
  const opening = lines.flatMap((l, i) => /^```(ts|typescript)\b/.test(l) ? [i + 1] : []);
  assert.deepEqual(nb.cells.map((c) => c.line), opening);
  assert.deepEqual(nb.cells.map((c) => c.index), opening.map((_, i) => i));
  assert.deepEqual(nb.parts.filter((p) => p.kind === "code"), nb.cells);
});

Deno.test("every cell knows its opening and closing fence lines", () => {
  for (const cell of nb.cells) {
    assert.match(lines[cell.line - 1] ?? "", /^```(ts|typescript)\b/, `line ${cell.line}`);
    assert.equal(cell.endLine, closingFence(cell.line), cell.id);
    assert.equal(cell.code, lines.slice(cell.line, cell.endLine - 1).join("\n") + "\n", cell.id);
  }
});

Deno.test("cells without id= are named cell-N counting every code cell from 1", () => {
  assert.deepEqual(nb.cells.map((c) => c.id), [
    "cell-1",
    "make-pair",
    "cell-3",
    "cell-4",
    "cell-5",
    "cell-6",
  ]);
});

Deno.test("mermaid blocks become diagram parts with their source and lines", () => {
  const diagrams = nb.parts.filter((p) => p.kind === "mermaid");
  assert.equal(diagrams.length, 1);
  const [d] = diagrams;
  assert.ok(d);
  const open = lineOf(text, "```mermaid");
  assert.equal(d.line, open);
  assert.equal(d.endLine, closingFence(open));
  assert.equal(d.source, lines.slice(open, d.endLine - 1).join("\n") + "\n");
  assert.match(d.source, /client --- server/);
});

Deno.test("sh and text fences stay in the narrative", () => {
  const narrative = nb.parts.filter((p) => p.kind === "markdown").map((p) => p.text).join("\n");
  assert.match(narrative, /```sh\nip netns add client\n```/);
  assert.match(narrative, /```text\njust text\n```/);
  for (const part of nb.parts) {
    if (part.kind !== "markdown") assert.doesNotMatch(lines[part.line - 1] ?? "", /^```(sh|text)/);
  }
});

Deno.test("parts cover the body in order, each with the lines it spans", () => {
  const body = lines.indexOf("---", 1) + 2; // first line after the front matter
  let previous = body - 1;
  const check = (part: Part) => {
    assert.ok(part.line > previous, `${part.kind} at ${part.line} overlaps line ${previous}`);
    assert.ok(part.endLine >= part.line);
    if (part.kind === "markdown") {
      assert.equal(part.text, lines.slice(part.line - 1, part.endLine).join("\n"));
    }
    previous = part.endLine;
  };
  nb.parts.forEach(check);
  assert.equal(nb.parts[0]?.kind, "markdown");
  assert.match((nb.parts[0] as { text: string }).text, /# A heading/);
  const last = nb.parts.at(-1)!;
  assert.equal(last.kind, "markdown");
  assert.match((last as { text: string }).text, /The end\./);
});

Deno.test("a longer fence may contain a shorter one", () => {
  const nb = parseNotebook(
    "---\ntitle: T\nsummary: S\nobjectives: [o]\n---\n\n````ts\nconst md = `\n```\n`;\n````\n",
    "nb.md",
  );
  assert.equal(nb.cells.length, 1);
  assert.equal(nb.cells[0]?.code, "const md = `\n```\n`;\n");
  assert.equal(nb.cells[0]?.line, 7);
  assert.equal(nb.cells[0]?.endLine, 11);
});
