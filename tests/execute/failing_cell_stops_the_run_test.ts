import assert from "node:assert/strict";
import { CellError } from "../../lib/execute/errors.ts";
import { copyNotebook, lineOf, printed, runCopy, statuses } from "../support.ts";

Deno.test("a throwing cell stops the run at the notebook's line of the throw", async () => {
  await using copy = await copyNotebook("throwing_cell.md");
  const result = await runCopy(copy, "live");
  const line = lineOf(copy.text, "throw new Error");
  assert.equal(result.ok, false);
  assert.deepEqual(statuses(result), { first: "ok", second: "failed", third: "not-run" });
  assert.ok(result.error instanceof CellError);
  assert.ok(
    result.error.message.startsWith(`${copy.path}:${line}`),
    `${result.error.message}\n(expected ${copy.path}:${line})`,
  );
  assert.match(result.error.message, /boom: the cell failed on purpose/);
  assert.equal(result.error.cell, "second");
  assert.equal(result.error.line, line);
});

Deno.test("nothing after the throw runs, in the cell or after it", async () => {
  await using copy = await copyNotebook("throwing_cell.md");
  const result = await runCopy(copy, "live");
  assert.equal(printed(result, "first"), "first ran\n");
  assert.equal(printed(result, "second"), "second started\n");
  assert.equal(printed(result, "third"), "");
});

Deno.test("a syntax error in a cell is reported at the notebook's file and line", async () => {
  await using copy = await copyNotebook("syntax_error_cell.md");
  const result = await runCopy(copy, "live");
  const line = lineOf(copy.text, "const broken = ;");
  assert.equal(result.ok, false);
  assert.ok(result.error);
  assert.ok(
    result.error.message.startsWith(`${copy.path}:${line}`),
    `${result.error.message}\n(expected ${copy.path}:${line})`,
  );
  assert.match(result.error.message, /SyntaxError/);
  assert.equal(result.error.cell, "broken");
  // The module never ran, so no cell did, and the generated module's path is never shown.
  assert.equal(printed(result, "fine"), "");
  assert.equal(statuses(result).fine, "not-run");
  assert.doesNotMatch(result.error.message, /\.md\.ts\b/);
});
