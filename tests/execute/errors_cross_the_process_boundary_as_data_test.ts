/**
 * Errors cross between a run and its notebook process as data (JSON), and are rebuilt there as
 * their own class with what they hold; what the notebook process sends is not trusted, so data
 * that does not fit its class is a plain Error, never a class it only claims to be.
 */
import assert from "node:assert/strict";
import { errorFromData, errorToData } from "../../lib/execute/error_data.ts";
import { CommandError } from "../../lib/cell/errors.ts";
import { CellError, CellTimeoutError } from "../../lib/execute/errors.ts";
import { FixtureStaleError } from "../../lib/fixture/errors.ts";
import { LabError } from "../../lib/lab/errors.ts";

/** Through JSON, as the socket and a worker's messages carry it. */
const across = (e: unknown) => errorFromData(JSON.parse(JSON.stringify(errorToData(e))));

Deno.test("a CommandError crosses with its command and result", () => {
  const result = { stdout: "", stderr: "oops\n", code: 3, ms: 5 };
  const back = across(new CommandError("sh -c 'exit 3'", result));
  assert.ok(back instanceof CommandError);
  assert.equal(back.command, "sh -c 'exit 3'");
  assert.deepEqual(back.result, result);
  assert.equal(back.message, new CommandError("sh -c 'exit 3'", result).message);
});

Deno.test("a cell's errors cross with their cell, line and kind", () => {
  const back = across(new CellTimeoutError("nb.md:4: too slow", "slow", 4, 2000));
  assert.ok(back instanceof CellTimeoutError);
  assert.deepEqual([back.cell, back.line, back.kind, back.limitMs], ["slow", 4, "timeout", 2000]);
  const lab = across(new CellError("nb.md:9: gone", "c", 9, "lab"));
  assert.ok(lab instanceof CellError && !(lab instanceof CellTimeoutError));
  assert.deepEqual([lab.cell, lab.line, lab.kind, lab.message], ["c", 9, "lab", "nb.md:9: gone"]);
});

Deno.test("a cause crosses with its error, and a renamed error keeps its name", () => {
  const stale = new FixtureStaleError("the recording ran `echo a`");
  const back = across(new LabError("the lab ended", { cause: stale }));
  assert.ok(back instanceof LabError);
  assert.ok(back.cause instanceof FixtureStaleError);
  assert.equal(back.cause.message, "the recording ran `echo a`");
  const own = Object.assign(new TypeError("bad prefix"), { name: "PrefixError" });
  const renamed = across(own);
  assert.ok(renamed instanceof TypeError);
  assert.equal(renamed.name, "PrefixError");
});

Deno.test("data that does not fit its class is a plain Error with the same words", () => {
  const forged = {
    kind: "CommandError",
    name: "CommandError",
    message: "exited",
    data: { command: "x", result: { code: "3" } },
  };
  const back = errorFromData(forged);
  assert.equal(Object.getPrototypeOf(back), Error.prototype);
  assert.equal(back.name, "CommandError");
  assert.equal(back.message, "exited");
  for (const junk of [null, 42, "text", { kind: "toString" }, { kind: "__proto__" }]) {
    const e = errorFromData(junk);
    assert.equal(Object.getPrototypeOf(e), Error.prototype, Deno.inspect(junk));
  }
});

Deno.test("a thrown value that is not an Error crosses as an Error saying what it was", () => {
  const back = across({ code: 42 });
  assert.equal(Object.getPrototypeOf(back), Error.prototype);
  assert.match(back.message, /threw a value that is not an Error: \{ code: 42 \}/);
});
