/** Failures read as what happened, at the notebook's line: not as a wrapper's message. */
import assert from "node:assert/strict";
import { CELL_MEMORY_MB } from "../../lib/execute/notebook_process.ts";
import { OUTPUT_LIMIT } from "../../lib/lab/agent_client.ts";
import { readFixture } from "../../lib/fixture/read_fixture.ts";
import { decodeBase64 } from "../../lib/fixture/base64.ts";
import { copyNotebook, lineOf, liveOnly, printed, runCopy } from "../support.ts";

const live = await liveOnly();

Deno.test("a thrown object is shown as the object, not [object Object]", async () => {
  await using copy = await copyNotebook("thrown_object.md");
  const result = await runCopy(copy, "live");
  assert.equal(result.ok, false);
  const message = result.error?.message ?? "";
  // A value that is not an Error carries no stack: the cell's own line names it.
  assert.ok(message.startsWith(`${copy.path}:${lineOf(copy.text, "id=throws")}`), message);
  assert.match(
    message,
    /threw a value that is not an Error: \{ code: 42, reason: "not an Error" \}/,
  );
  assert.doesNotMatch(message, /\[object Object\]/);
});

Deno.test("a cell that allocates without end is stopped and said to be out of memory", async () => {
  await using copy = await copyNotebook("runaway_memory.md");
  const result = await runCopy(copy, "live", { cellTimeout: 120_000 });
  assert.equal(result.ok, false);
  assert.equal(result.error?.kind, "out-of-memory");
  assert.equal(result.error?.cell, "grows");
  assert.ok(result.error?.message.startsWith(`${copy.path}:${lineOf(copy.text, "id=grows")}`));
  assert.match(result.error!.message, new RegExp(`out of memory: .*${CELL_MEMORY_MB} MB`));
  assert.doesNotMatch(result.error!.message, /did not finish within/);
});

Deno.test("output that is not UTF-8 is kept exactly in the recording", live, async () => {
  await using copy = await copyNotebook("binary_output.md");
  const result = await runCopy(copy, "record");
  assert.ok(result.ok, result.error?.message);
  const call = (await readFixture(copy.fixture, copy.path)).cells.bytes[0];
  assert.deepEqual(
    [...decodeBase64(call.stdoutBase64!)],
    [...new TextEncoder().encode("caf"), 0xe9, 0x20, 0xff, 0xfe, 0x0a],
  );
  // The cell sees the text, with U+FFFD where bytes are not UTF-8, live and on replay alike.
  assert.equal(printed(result, "bytes"), '"caf\ufffd \ufffd\ufffd\\n"\n');
  const replay = await runCopy(copy, "replay");
  assert.equal(printed(replay, "bytes"), printed(result, "bytes"));
});

Deno.test(
  "a command may keep so much output; the rest is dropped, and it says so",
  live,
  async () => {
    await using copy = await copyNotebook("big_output.md");
    const result = await runCopy(copy, "live");
    assert.ok(result.ok, result.error?.message);
    assert.equal(
      printed(result, "big"),
      `kept ${OUTPUT_LIMIT} characters; netbook: this command printed ${
        20_000_000 - OUTPUT_LIMIT
      } bytes more than a command may keep; they were dropped\n`,
    );
  },
);
