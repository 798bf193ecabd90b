/**
 * A check written as a shared helper (`expect(...)`, defined in one cell, called in others) that
 * fails is reported at the line of the cell that called it, not at the helper's own line.
 */
import assert from "node:assert/strict";
import { copyNotebook, lineOf, runCopy } from "../support.ts";

Deno.test("a failing expect() in a helper is reported at the calling cell's line", async () => {
  await using copy = await copyNotebook("helper_check_fails.md");
  const result = await runCopy(copy, "live");
  assert.equal(result.ok, false);
  const calling = lineOf(copy.text, 'expect(n === 3, "three")');
  const helper = lineOf(copy.text, "throw new Error");
  assert.equal(result.error?.cell, "check");
  assert.ok(
    result.error?.message.startsWith(`${copy.path}:${calling}`),
    `${result.error?.message}\n(expected ${copy.path}:${calling}, not the helper's ${helper})`,
  );
  assert.match(result.error?.message ?? "", /expected three/);
});
