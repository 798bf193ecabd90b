import assert from "node:assert/strict";
import { copyNotebook, printed, runCopy, statuses } from "../support.ts";

Deno.test("a const or function declared in one cell is visible in later cells", async () => {
  await using copy = await copyNotebook("shared_scope.md");
  const result = await runCopy(copy, "live");
  assert.equal(result.ok, true, result.error?.message);
  assert.deepEqual(statuses(result), { declare: "ok", between: "ok", use: "ok" });
  assert.equal(printed(result, "use"), "HELLO from a later cell, counter 2\n");
});

Deno.test("each cell's output is attributed to that cell", async () => {
  await using copy = await copyNotebook("shared_scope.md");
  const result = await runCopy(copy, "live");
  assert.equal(printed(result, "declare"), "declared\n");
  assert.equal(printed(result, "between"), "");
  const use = result.cells.find((c) => c.id === "use")!;
  const displays = use.outputs.filter((o) => o.type === "display");
  assert.equal(displays.length, 1);
  assert.match(JSON.stringify(displays[0]), /hello/);
});
