import assert from "node:assert/strict";
import { readFixture } from "../../lib/fixture/read_fixture.ts";
import type { RunResult } from "../../lib/execute/results.ts";
import { missingText } from "../../lib/capability/registry.ts";
import { copyNotebook, lineOf, type NotebookCopy, printed, runCopy, statuses } from "../support.ts";
import { recordedCalls } from "../recorded_calls.ts";

/** A probe that must not be called: replay never looks for a sandbox. */
const NO_PROBE = () => Promise.reject(new Error("replay probed for a sandbox"));

/** Each cell's outputs, with everything a replay must reproduce. */
function outputs(result: RunResult) {
  return result.cells.map((c) => ({ id: c.id, status: c.status, outputs: c.outputs }));
}

async function recorded(): Promise<{ copy: NotebookCopy; record: RunResult }> {
  const copy = await copyNotebook("record_replay.md");
  const record = await runCopy(copy, "record");
  assert.equal(record.ok, true, record.error?.message);
  return { copy, record };
}

Deno.test("record writes a fixture holding every call of every cell, in order", async () => {
  const { copy, record } = await recorded();
  await using _ = copy;
  assert.equal(record.mode, "record");
  assert.equal(record.fixture, copy.fixture);
  const fixture = await readFixture(copy.fixture, copy.path);
  assert.equal(fixture.notebook, copy.path);
  assert.deepEqual(Object.keys(fixture.cells), copy.parse().cells.map((c) => c.id));
  assert.deepEqual(fixture.cells["no-calls"], []);
  for (const cell of record.cells) {
    const transcripts = cell.outputs.flatMap((o) => o.type === "command" ? [o.transcript] : []);
    assert.deepEqual(
      recordedCalls(fixture, cell.id).map((c) => [c.command, c.stdout, c.stderr, c.code]),
      transcripts.map((t) => [t.command, t.stdout, t.stderr, t.code]),
      cell.id,
    );
  }
  // Interpolated values were recorded quoted, exactly as the lab ran them.
  assert.equal(
    recordedCalls(fixture, "last")[0]?.command,
    `printf "%s|" 'one; two' '$(echo three)'`,
  );
  assert.equal(printed(record, "last"), "one; two|$(echo three)|\n");
});

Deno.test("replay reproduces the recorded run without a sandbox", async () => {
  const { copy, record } = await recorded();
  await using _ = copy;
  const replay = await runCopy(copy, "replay", { probe: NO_PROBE });
  assert.equal(replay.ok, true, replay.error?.message);
  assert.equal(replay.mode, "replay");
  assert.equal(replay.fixture, undefined, "replay writes no fixture");
  assert.deepEqual(outputs(replay), outputs(record));
  assert.equal(statuses(replay).expected, "expected-error");
});

Deno.test("a failed recording writes nothing and keeps the previous fixture", async () => {
  const { copy } = await recorded();
  await using _ = copy;
  const before = await Deno.readTextFile(copy.fixture);
  await copy.edit((t) =>
    t.replace("const plain =", 'throw new Error("recording broke");\nconst plain =')
  );
  const again = await runCopy(copy, "record");
  assert.equal(again.ok, false);
  assert.equal(again.fixture, undefined);
  assert.equal(await Deno.readTextFile(copy.fixture), before);
  const names = (await Array.fromAsync(Deno.readDir(copy.dir))).map((e) => e.name).sort();
  assert.deepEqual(names, ["record_replay.fixture.json", "record_replay.md"]);
});

Deno.test("replay of an edited command fails naming the cell, both commands and how to re-record", async () => {
  const { copy } = await recorded();
  await using _ = copy;
  await copy.edit((t) => t.replace("ip -j addr show lo", "ip -j addr show dev lo"));
  const replay = await runCopy(copy, "replay", { probe: NO_PROBE });
  const line = lineOf(copy.text, "ip -j addr show dev lo");
  assert.equal(replay.ok, false);
  assert.ok(replay.error);
  assert.equal(replay.error.kind, "fixture");
  assert.equal(replay.error.cell, "addresses");
  assert.ok(replay.error.message.startsWith(`${copy.path}:${line}`), replay.error.message);
  assert.match(replay.error.message, /cell "addresses"/);
  assert.match(replay.error.message, /recorded: ip netns exec client ip -j addr show lo\n/);
  assert.match(replay.error.message, /now: +ip netns exec client ip -j addr show dev lo/);
  assert.ok(replay.error.message.includes(`deno task record ${copy.path}`), replay.error.message);
  assert.deepEqual(statuses(replay), {
    "make-ns": "ok",
    addresses: "failed",
    "no-calls": "not-run",
    careful: "not-run",
    expected: "not-run",
    last: "not-run",
  });
});

Deno.test("replay of an edited command in an expect-error cell still fails", async () => {
  const { copy } = await recorded();
  await using _ = copy;
  await copy.edit((t) => t.replace("ip link show no-such-device", "ip link show other-device"));
  const replay = await runCopy(copy, "replay", { probe: NO_PROBE });
  assert.equal(replay.ok, false, "a stale recording passed as the cell's expected failure");
  assert.equal(replay.error?.kind, "fixture");
  assert.equal(replay.error?.cell, "expected");
  assert.match(replay.error!.message, /now: +ip netns exec client ip link show other-device/);
  assert.equal(statuses(replay).expected, "failed");
});

Deno.test("replay of an edited command fails even if the cell catches the error", async () => {
  const { copy } = await recorded();
  await using _ = copy;
  await copy.edit((t) => t.replace("ip route show", "ip -6 route show"));
  const replay = await runCopy(copy, "replay", { probe: NO_PROBE });
  assert.equal(replay.ok, false, "a stale recording was swallowed by the cell's try/catch");
  assert.equal(replay.error?.kind, "fixture");
  assert.equal(replay.error?.cell, "careful");
  assert.match(replay.error!.message, /now: +ip netns exec client ip -6 route show/);
});

Deno.test("replay of a notebook that lost a recorded cell fails naming that cell", async () => {
  const { copy } = await recorded();
  await using _ = copy;
  await copy.edit((t) => t.slice(0, t.indexOf("```ts id=last")));
  const replay = await runCopy(copy, "replay", { probe: NO_PROBE });
  assert.equal(replay.ok, false);
  assert.equal(replay.error?.kind, "fixture");
  assert.match(replay.error!.message, /cell "last"/);
  assert.ok(replay.error!.message.includes(`deno task record ${copy.path}`));
});

Deno.test("replay of a cell that makes fewer calls than recorded fails at that cell", async () => {
  const { copy } = await recorded();
  await using _ = copy;
  await copy.edit((t) => t.replace("await $`ip netns exec client ip link set lo up`;\n", ""));
  const replay = await runCopy(copy, "replay", { probe: NO_PROBE });
  assert.equal(replay.ok, false);
  assert.equal(replay.error?.kind, "fixture");
  assert.equal(replay.error?.cell, "addresses");
});

Deno.test("replay from a truncated fixture fails with a clear message and runs no cell", async () => {
  const { copy } = await recorded();
  await using _ = copy;
  const text = await Deno.readTextFile(copy.fixture);
  await Deno.writeTextFile(copy.fixture, text.slice(0, Math.floor(text.length / 2)));
  const replay = await runCopy(copy, "replay", { probe: NO_PROBE });
  assert.equal(replay.ok, false);
  assert.ok(replay.error);
  assert.equal(replay.error.kind, "fixture");
  assert.ok(replay.error.message.includes(copy.fixture), replay.error.message);
  assert.match(replay.error.message, /corrupt/);
  assert.ok(replay.error.message.includes(`deno task record ${copy.path}`), replay.error.message);
  assert.ok(replay.cells.every((c) => c.status === "not-run"), JSON.stringify(statuses(replay)));
});

Deno.test("replay without a fixture is refused before anything runs", async () => {
  await using copy = await copyNotebook("record_replay.md");
  await assert.rejects(
    runCopy(copy, "replay", { probe: NO_PROBE }),
    (e: Error) =>
      e.name === "FixtureMissingError" && e.message.includes(`deno task record ${copy.path}`),
  );
});

Deno.test("auto replays, and says why, when the lab lacks what the notebook requires", async () => {
  const { copy } = await recorded();
  await using _ = copy;
  await copy.edit((t) => t.replace("objectives:", "requires: [ipip]\nobjectives:"));
  let told: string | undefined;
  const result = await runCopy(copy, "auto", {
    probe: () =>
      Promise.resolve({
        info: { kind: "netns", rootless: false },
        capabilities: new Set(["netns"]),
      }),
    onMode: (_mode, reason) => told = reason,
  });
  assert.equal(result.mode, "replay");
  assert.equal(result.ok, true, result.error?.message);
  assert.ok(result.reason.includes(missingText("ipip")), result.reason);
  assert.equal(told, result.reason);
});

Deno.test("auto replays, and says why, when no sandbox can run here", async () => {
  const { copy, record } = await recorded();
  await using _ = copy;
  const result = await runCopy(copy, "auto", {
    probe: () => Promise.resolve({ reason: "no namespaces on this test machine" }),
  });
  assert.equal(result.mode, "replay");
  assert.match(result.reason, /no namespaces on this test machine/);
  assert.deepEqual(outputs(result), outputs(record));
});
