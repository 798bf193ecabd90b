import assert from "node:assert/strict";
import { checkNotebook, checkNotebooks } from "../../lib/check/check_notebook.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { dataPath, lineOf, readData } from "../support.ts";

const text = await readData("type_error.md");

Deno.test("a type error in the second cell is reported at its notebook line, with its TS code", async () => {
  const result = await checkNotebook(parseNotebook(text, "tests/data/type_error.md"));
  assert.equal(result.ok, false);
  assert.equal(result.diagnostics.length, 1, JSON.stringify(result.diagnostics));
  const [d] = result.diagnostics;
  assert.ok(d);
  const line = lineOf(text, "shout(42)");
  assert.deepEqual(
    { file: d.file, line: d.line, column: d.column, code: d.code, cell: d.cell },
    {
      file: "tests/data/type_error.md",
      line,
      column: (text.split("\n")[line - 1] ?? "").indexOf("42") + 1,
      code: "TS2345",
      cell: "call",
    },
  );
  assert.match(d.message, /Argument of type 'number' is not assignable to parameter of type/);
  assert.doesNotMatch(d.message, /netbook-check-|file:\/\//);
});

Deno.test("a clash with the imports on line 1 is reported at line 1 and says so", async () => {
  const path = dataPath("type_error_on_line_one.md");
  const source = await readData("type_error_on_line_one.md");
  const result = await checkNotebook(parseNotebook(source, path));
  assert.equal(result.ok, false);
  const d = result.diagnostics.find((d) => d.line === 1);
  assert.ok(d, JSON.stringify(result.diagnostics));
  assert.equal(d.file, path);
  assert.equal(d.code, "TS2440");
  assert.match(d.message, /imports netbook adds on line 1/);
});

Deno.test("a syntax error in one notebook does not hide the others' results", async () => {
  const front = "---\ntitle: t\nsummary: s\nobjectives: [o]\n---\n\n";
  const broken = parseNotebook(`${front}\`\`\`ts id=a\nconst x = ;\n\`\`\`\n`, "broken.md");
  const fine = parseNotebook(`${front}\`\`\`ts id=a\nconst x = 1;\n\`\`\`\n`, "fine.md");
  const typed = parseNotebook(text, "type_error.md");
  const [b, f, t] = await checkNotebooks([broken, fine, typed]);
  assert.ok(f && b && t);
  assert.equal(b.ok, false);
  assert.deepEqual(
    b.diagnostics.map((d) => [d.file, d.line, d.column, d.code]),
    [["broken.md", 8, 11, undefined]],
  );
  assert.match(b.diagnostics[0]?.message ?? "", /SyntaxError: Expression expected/);
  assert.equal(f.ok, true, JSON.stringify(f.diagnostics));
  assert.equal(t.ok, false);
  assert.deepEqual(t.diagnostics.map((d) => [d.line, d.code]), [[
    lineOf(text, "shout(42)"),
    "TS2345",
  ]]);
});
