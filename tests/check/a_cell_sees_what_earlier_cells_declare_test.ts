import assert from "node:assert/strict";
import { checkNotebook } from "../../lib/check/check_notebook.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { readData } from "../support.ts";

Deno.test("a cell using a const and a function from earlier cells type-checks", async () => {
  const result = await checkNotebook(parseNotebook(await readData("shared_scope.md"), "s.md"));
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.ok, true);
});

Deno.test("a name no earlier cell declares is an error at the line that uses it", async () => {
  const text = "---\ntitle: t\nsummary: s\nobjectives: [o]\n---\n\n" +
    "```ts id=first\nconst greeting = 'hello';\n```\n\n" +
    "```ts id=second\nconsole.log(greeting, farewell);\n```\n";
  const result = await checkNotebook(parseNotebook(text, "n.md"));
  assert.deepEqual(
    result.diagnostics.map((d) => [d.line, d.code, d.cell]),
    [[12, "TS2304", "second"]],
  );
});

Deno.test("a cell may read a row by index, as a notebook does, though lib/ is checked strictly", async () => {
  // deno.json turns on noUncheckedIndexedAccess for netbook's own code; a notebook's cells are
  // checked with TypeScript's default, so `rows[0].name` is no error in a cell.
  const config = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  assert.equal(config.compilerOptions?.noUncheckedIndexedAccess, true);
  const text = "---\ntitle: t\nsummary: s\nobjectives: [o]\n---\n\n" +
    "```ts id=first\nconst rows = [{ name: 'eth0' }];\nconst first: string = rows[0].name;\n" +
    "console.log(first);\n```\n";
  const result = await checkNotebook(parseNotebook(text, "n.md"));
  assert.deepEqual(result.diagnostics, []);
});
