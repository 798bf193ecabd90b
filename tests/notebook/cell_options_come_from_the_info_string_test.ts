import assert from "node:assert/strict";
import { parseCellOptions, parseDuration } from "../../lib/notebook/cell_options.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { readData } from "../support.ts";

Deno.test("a cell without options gets the defaults", () => {
  assert.deepEqual(parseCellOptions([]), {
    skip: false,
    expectError: false,
    hidden: false,
    requires: [],
  });
});

Deno.test("id= names the cell", () => {
  assert.equal(parseCellOptions(["id=make-pair"]).id, "make-pair");
});

Deno.test("skip, expect-error and hidden are flags", () => {
  const o = parseCellOptions(["skip", "expect-error", "hidden"]);
  assert.equal(o.skip, true);
  assert.equal(o.expectError, true);
  assert.equal(o.hidden, true);
  assert.equal(parseCellOptions(["hidden"]).skip, false);
});

Deno.test("timeout= accepts ms, s and m and is kept in milliseconds", () => {
  assert.equal(parseCellOptions(["timeout=20s"]).timeout, 20_000);
  assert.equal(parseCellOptions(["timeout=500ms"]).timeout, 500);
  assert.equal(parseCellOptions(["timeout=2m"]).timeout, 120_000);
  assert.equal(parseCellOptions(["timeout=1.5s"]).timeout, 1_500);
});

Deno.test("parseDuration refuses what is not a duration", () => {
  for (const text of ["", "20", "s", "20 s", "20d", "-1s", "soon", "1e3ms", "0s"]) {
    assert.throws(() => parseDuration(text), /is not a duration such as 500ms/, text);
  }
});

Deno.test("a time limit no timer can keep is refused, not turned into one that fires at once", () => {
  assert.throws(
    () => parseCellOptions(["timeout=36000m"]),
    /timeout "36000m" is longer than a time limit can be/,
  );
  assert.equal(parseCellOptions(["timeout=24h"]).timeout, 86_400_000);
});

Deno.test("requires= takes a comma-separated list of capabilities", () => {
  assert.deepEqual(parseCellOptions(["requires=ipip,bird"]).requires, ["ipip", "bird"]);
  assert.deepEqual(parseCellOptions(["requires=vxlan"]).requires, ["vxlan"]);
});

Deno.test("options that are unknown or misused are refused, naming the option", () => {
  const cases: [string[], RegExp][] = [
    [["colour=red"], /unknown cell option "colour=red"/],
    [["skip=yes"], /unknown cell option "skip=yes"/],
    [["id"], /unknown cell option "id"/],
    [["id="], /unknown cell option "id="/],
    [["timeout"], /unknown cell option "timeout"/],
    [["id=Make_Pair"], /cell id "Make_Pair"/],
    [["timeout=soon"], /timeout "soon" is not a duration/],
    [["timeout=0s"], /timeout "0s" is not a duration/],
    [["requires=ipip,warp"], /unknown capability "warp"/],
  ];
  for (const [words, message] of cases) {
    assert.throws(() => parseCellOptions(words), message, words.join(" "));
  }
});

Deno.test("a notebook's cells carry the options of their fence", async () => {
  const nb = parseNotebook(await readData("every_kind_of_part.md"), "every.md");
  const [first, pair, skipped, failing, tunnel, long] = nb.cells;
  assert.deepEqual(first?.options, {
    skip: false,
    expectError: false,
    hidden: false,
    requires: [],
  });
  assert.equal(pair?.id, "make-pair");
  assert.equal(pair?.options.timeout, 20_000);
  assert.equal(skipped?.options.skip, true);
  assert.equal(failing?.options.expectError, true);
  assert.equal(failing?.options.timeout, 500);
  assert.deepEqual(tunnel?.options.requires, ["ipip", "bird"]);
  assert.equal(tunnel?.options.timeout, 120_000);
  assert.equal(tunnel?.options.hidden, true);
  assert.equal(long?.options.hidden, false);
});
