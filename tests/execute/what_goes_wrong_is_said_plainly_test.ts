/** Failures read as what happened, at the notebook's line: not as a wrapper's message. */
import assert from "node:assert/strict";
import { CELL_MEMORY_MB } from "../../lib/execute/notebook_process.ts";
import { OUTPUT_LIMIT } from "../../lib/lab/agent_client.ts";
import { readFixture } from "../../lib/fixture/read_fixture.ts";
import { decodeBase64 } from "../../lib/fixture/base64.ts";
import { FIXTURE_LIMIT } from "../../lib/fixture/read_fixture.ts";
import { RECORDING_BUDGET } from "../../lib/runner/record_runner.ts";
import { SHOWN_LIMIT } from "../../lib/execute/notebook_tracker.ts";
import { loadNotebook } from "../../lib/cli/curriculum.ts";
import {
  copyNotebook,
  denoTask,
  lineOf,
  liveOnly,
  printed,
  runCopy,
  statuses,
} from "../support.ts";
import { recordedCalls } from "../recorded_calls.ts";

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
  const [call] = recordedCalls(await readFixture(copy.fixture, copy.path), "bytes");
  assert.ok(call, "the cell's command was recorded");
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

Deno.test("a timer that throws fails its cell with the error, not Deno's own frames", async () => {
  await using copy = await copyNotebook("throwing_timer.md");
  const result = await runCopy(copy, "live");
  assert.equal(result.ok, false);
  assert.deepEqual(statuses(result), { arms: "failed", after: "not-run" });
  const line = lineOf(copy.text, 'throw new Error("the timer threw")');
  assert.equal(result.error?.message, `${copy.path}:${line} (cell arms): Error: the timer threw`);
  const stack = (result.error?.cause as Error).stack ?? "";
  assert.match(stack, new RegExp(`${copy.path}:${line}`));
  assert.doesNotMatch(stack, /ext:|node:internal/);
});

Deno.test("Deno.exit(3) in a cell says that the cell ended the notebook, and how not to", async () => {
  await using copy = await copyNotebook("exits.md");
  const result = await runCopy(copy, "live");
  assert.equal(result.ok, false);
  assert.deepEqual(statuses(result), { quits: "failed", after: "not-run" });
  assert.equal(printed(result, "quits"), "before\n");
  assert.match(
    result.error?.message ?? "",
    /\(cell quits\): the cell called Deno\.exit\(3\), which ends the notebook\. A cell that must stop the notebook throws an Error instead/,
  );
});

Deno.test(
  "a cell named constructor (a name every object has) records and replays",
  live,
  async () => {
    await using copy = await copyNotebook("constructor_cell.md");
    const record = await runCopy(copy, "record");
    assert.ok(record.ok, record.error?.message);
    const fixture = JSON.parse(await Deno.readTextFile(copy.fixture));
    assert.deepEqual(Object.keys(fixture.cells), ["constructor", "hasownproperty"]);
    assert.equal(fixture.cells.constructor[0].stdout, "constructor\n");
    const replay = await runCopy(copy, "replay");
    assert.ok(replay.ok, replay.error?.message);
    assert.deepEqual(statuses(replay), { constructor: "ok", hasownproperty: "ok" });
  },
);

Deno.test("a recording larger than netbook reads is refused plainly, not read", async () => {
  await using copy = await copyNotebook("constructor_cell.md");
  // 300 MB that take no room: a sparse file.
  const file = await Deno.open(copy.fixture, { create: true, write: true });
  await file.truncate(300 * 1024 * 1024);
  file.close();
  const result = await runCopy(copy, "replay");
  assert.equal(result.ok, false);
  assert.equal(result.error?.kind, "fixture");
  assert.match(
    result.error?.message ?? "",
    new RegExp(
      `is 300 MB; a recording may be at most ${FIXTURE_LIMIT / 2 ** 20} MB, so it is not read`,
    ),
  );
});

Deno.test(
  "40 commands of 16 MB each: the recording fails plainly, and a live run shows a part of each",
  live,
  async () => {
    await using copy = await copyNotebook("huge_output.md");
    const record = await runCopy(copy, "record");
    assert.equal(record.ok, false);
    assert.match(
      record.error?.message ?? "",
      new RegExp(
        `^${copy.path}:${lineOf(copy.text, "head -c")} \\(cell prints\\): Error: this run's ` +
          `commands printed more than a recording may keep \\(${RECORDING_BUDGET / 2 ** 20} MB`,
      ),
    );
    await assert.rejects(Deno.stat(copy.fixture), Deno.errors.NotFound);
    // Live, the cell gets every byte; what the run keeps to show is cut.
    await copy.edit((t) => t.replace("i < 40", "i < 3"));
    const live = await runCopy(copy, "live");
    assert.ok(live.ok, live.error?.message);
    assert.match(printed(live, "prints"), /^command 3: 16777216 characters$/m);
    const [cell] = live.cells;
    assert.ok(cell);
    const transcripts = cell.outputs.flatMap((o) => o.type === "command" ? [o] : []);
    assert.equal(transcripts.length, 3);
    for (const t of transcripts) {
      assert.ok(t.transcript.stdout.length < SHOWN_LIMIT + 200, `${t.transcript.stdout.length}`);
      assert.match(t.transcript.stdout, /more characters are not shown\]\n$/);
    }
  },
);

Deno.test("a file that is not text is said to be no notebook, not one without a title", async () => {
  const dir = await Deno.makeTempDir({ prefix: "netbook-binary-" });
  try {
    const path = `${dir}/image.md`;
    await Deno.writeFile(path, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]));
    await assert.rejects(
      loadNotebook(path),
      new RegExp(`^Error: ${path} is not a notebook: it is not text \\(byte 0 is not UTF-8\\)`),
    );
    const run = await denoTask("notebook", path);
    assert.equal(run.code, 1);
    assert.match(run.stdout + run.stderr, /is not a notebook: it is not text/);
    assert.doesNotMatch(run.stdout + run.stderr, /title/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
