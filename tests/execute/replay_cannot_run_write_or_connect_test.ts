import assert from "node:assert/strict";
import { copyNotebook, lineOf, type NotebookCopy, printed, runCopy } from "../support.ts";

/** Records NAME (whose forbidden act only happens on replay), then replays it. */
async function replayAfterRecording(name: string) {
  const copy = await copyNotebook(name);
  const record = await runCopy(copy, "record");
  assert.equal(record.ok, true, record.error?.message);
  const replay = await runCopy(copy, "replay");
  return { copy, replay };
}

function assertRefused(
  copy: NotebookCopy,
  replay: Awaited<ReturnType<typeof replayAfterRecording>>["replay"],
  cell: string,
  at: string,
  access: RegExp,
) {
  assert.equal(replay.ok, false, `the replay was allowed to ${cell}`);
  assert.ok(replay.error);
  assert.equal(replay.error.kind, "error");
  assert.equal((replay.error.cause as Error).name, "NotCapable");
  assert.equal(replay.error.cell, cell);
  assert.match(replay.error.message, access);
  const line = lineOf(copy.text, at);
  assert.ok(replay.error.message.startsWith(`${copy.path}:${line}`), replay.error.message);
}

Deno.test("a replayed cell cannot start a process", async () => {
  const { copy, replay } = await replayAfterRecording("replay_tries_to_spawn.md");
  await using _ = copy;
  assertRefused(copy, replay, "spawn", "new Deno.Command", /run access/);
  assert.equal(printed(replay, "spawn"), "");
});

Deno.test("a replayed cell cannot write a file", async () => {
  const target = "/tmp/netbook-replay-must-not-write.txt";
  await Deno.remove(target).catch(() => {});
  const { copy, replay } = await replayAfterRecording("replay_tries_to_write.md");
  await using _ = copy;
  try {
    assertRefused(copy, replay, "write", "Deno.writeTextFile", /write access/);
    await assert.rejects(Deno.stat(target), Deno.errors.NotFound);
  } finally {
    await Deno.remove(target).catch(() => {});
  }
});

Deno.test("a replayed cell cannot open a network connection", async () => {
  const { copy, replay } = await replayAfterRecording("replay_tries_the_network.md");
  await using _ = copy;
  assertRefused(copy, replay, "connect", "Deno.connect", /net access/);
});
