import assert from "node:assert/strict";
import { denoTask, lineOf, readData } from "../support.ts";

const task = (...args: string[]) => denoTask("check", ...args);

Deno.test("deno task check on a notebook with a type error exits non-zero naming file:line", async () => {
  const line = lineOf(await readData("type_error.md"), "shout(42)");
  const run = await task("tests/data/type_error.md");
  assert.notEqual(run.code, 0);
  assert.match(
    run.stdout,
    new RegExp(`^tests/data/type_error\\.md:${line}:\\d+: TS2345 Argument of type 'number'`, "m"),
    run.stdout + run.stderr,
  );
});

Deno.test("deno task check says ok for a notebook without type errors", async () => {
  const run = await task("tests/data/shared_scope.md");
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.equal(run.stdout, "tests/data/shared_scope.md ok\n");
});

Deno.test("deno task check on a missing notebook is a clear error", async () => {
  const run = await task("tests/data/no_such_notebook.md");
  assert.notEqual(run.code, 0);
  assert.match(
    run.stdout + run.stderr,
    /there is no notebook at tests\/data\/no_such_notebook\.md/,
  );
});
