import assert from "node:assert/strict";
import { copyNotebook, printed, runCopy, statuses } from "../support.ts";

Deno.test("output without a final newline stays with its cell and the cell still ends", async () => {
  await using copy = await copyNotebook("output_without_newline.md");
  const result = await runCopy(copy, "live");
  assert.equal(result.ok, true, result.error?.message);
  assert.deepEqual(statuses(result), { progress: "ok", next: "ok" });
  assert.equal(printed(result, "progress"), "progress...");
  assert.equal(printed(result, "next"), "next ran\n");
});
