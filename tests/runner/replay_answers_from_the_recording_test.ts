import assert from "node:assert/strict";
import { FixtureStaleError } from "../../lib/fixture/errors.ts";
import { ReplayRunner } from "../../lib/runner/replay_runner.ts";
import type { CallRecord, Fixture } from "../../lib/fixture/schema.ts";

const NOTEBOOK = "notebooks/02-bridge.md";

function call(command: string, stdout = `${command} said this\n`, code = 0): CallRecord {
  return { command, stdout, stderr: code ? `${command} failed\n` : "", code, ms: command.length };
}

function fixture(cells: Fixture["cells"]): Fixture {
  return {
    format: 2,
    notebook: NOTEBOOK,
    recorded: {
      date: "2025-01-01T00:00:00.000Z",
      backend: { kind: "netns", rootless: false },
      kernel: "6.1.0",
      iproute2: "ip utility, iproute2-6.1.0",
      iptables: "iptables v1.8.9 (nf_tables)",
      deno: "2.0.0",
      capabilities: ["netns", "bridge"],
    },
    cells,
    // The runner is given a parsed fixture; the digest is checked when one is read (readFixture).
    digest: `sha256:${"0".repeat(64)}`,
  };
}

const CLIENT = call("ip netns add client");
const SERVER = call("ip netns add server");
const LIST = call("ip netns list");
const CELLS = {
  "make-pair": [CLIENT, SERVER, call("ip link show nope", "", 1)],
  "show": [LIST],
};

/** The error a rejected or throwing call ends with. */
async function failure(f: () => unknown): Promise<Error> {
  try {
    await f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure");
}

function assertStale(error: Error, cell: string): void {
  assert.ok(error instanceof FixtureStaleError, `${error.name}: ${error.message}`);
  assert.match(error.message, new RegExp(`cell "${cell}"`));
  assert.ok(error.message.includes(`deno task record ${NOTEBOOK}`), error.message);
}

Deno.test("replay answers each cell's calls in order with what was recorded", async () => {
  const runner = new ReplayRunner(fixture(CELLS), NOTEBOOK);
  assert.equal(runner.mode, "replay");
  runner.beginCell("make-pair");
  for (const recorded of CELLS["make-pair"]) {
    const { command: _, ...answer } = recorded;
    assert.deepEqual(await runner.exec("make-pair", recorded.command), answer);
  }
  runner.endCell("make-pair");
  runner.beginCell("show");
  assert.equal((await runner.exec("show", "ip netns list")).stdout, LIST.stdout);
  runner.endCell("show");
  runner.checkComplete();
  await runner.close();
});

Deno.test("replay's capabilities are the recorded ones", () => {
  const runner = new ReplayRunner(fixture(CELLS), NOTEBOOK);
  assert.deepEqual([...runner.capabilities].sort(), ["bridge", "netns"]);
});

Deno.test("a cell run again gets the same answers again", async () => {
  const runner = new ReplayRunner(fixture(CELLS), NOTEBOOK);
  const answers: string[][] = [];
  for (let run = 0; run < 2; run++) {
    runner.beginCell("make-pair");
    const out: string[] = [];
    for (const { command } of CELLS["make-pair"]) {
      out.push((await runner.exec("make-pair", command)).stdout);
    }
    runner.endCell("make-pair");
    answers.push(out);
  }
  assert.deepEqual(answers[0], CELLS["make-pair"].map((c) => c.stdout));
  assert.deepEqual(answers[1], answers[0]);
});

Deno.test("a cell re-run part way through starts again from its first call", async () => {
  const runner = new ReplayRunner(fixture(CELLS), NOTEBOOK);
  runner.beginCell("make-pair");
  await runner.exec("make-pair", "ip netns add client");
  runner.beginCell("make-pair");
  const again = await runner.exec("make-pair", "ip netns add client");
  assert.equal(again.stdout, CLIENT.stdout);
});

Deno.test("cells keep their own order: calls of one cell do not move another's", async () => {
  const runner = new ReplayRunner(fixture(CELLS), NOTEBOOK);
  runner.beginCell("make-pair");
  await runner.exec("make-pair", "ip netns add client");
  runner.beginCell("show");
  assert.equal((await runner.exec("show", "ip netns list")).stdout, LIST.stdout);
  assert.equal((await runner.exec("make-pair", "ip netns add server")).stdout, SERVER.stdout);
});

Deno.test("a different command is a FixtureStaleError naming cell, both commands and the fix", async () => {
  const runner = new ReplayRunner(fixture(CELLS), NOTEBOOK);
  runner.beginCell("make-pair");
  await runner.exec("make-pair", "ip netns add client");
  const error = await failure(() => runner.exec("make-pair", "ip netns add web"));
  assertStale(error, "make-pair");
  assert.match(error.message, /recorded: ip netns add server/);
  assert.match(error.message, /now: +ip netns add web/);
});

Deno.test("a mismatch the cell swallowed still fails the cell when it ends", async () => {
  const runner = new ReplayRunner(fixture(CELLS), NOTEBOOK);
  runner.beginCell("make-pair");
  await runner.exec("make-pair", "ip netns add web").catch(() => {});
  await runner.exec("make-pair", "ip netns add server");
  await runner.exec("make-pair", "ip link show nope");
  const error = await failure(() => runner.endCell("make-pair"));
  assertStale(error, "make-pair");
  assert.match(error.message, /now: +ip netns add web/);
  assertStale(await failure(() => runner.checkComplete()), "make-pair");
});

Deno.test("a cell run again after a mismatch starts clean", async () => {
  const runner = new ReplayRunner(fixture(CELLS), NOTEBOOK);
  runner.beginCell("make-pair");
  await runner.exec("make-pair", "ip netns add web").catch(() => {});
  runner.beginCell("make-pair");
  for (const { command } of CELLS["make-pair"]) await runner.exec("make-pair", command);
  runner.endCell("make-pair");
});

Deno.test("each mismatch reports its own commands", async () => {
  const runner = new ReplayRunner(fixture(CELLS), NOTEBOOK);
  runner.beginCell("make-pair");
  await runner.exec("make-pair", "ip netns add web").catch(() => {});
  const second = await failure(() => runner.exec("make-pair", "ip netns add db"));
  assert.match(second.message, /recorded: ip netns add server/);
  assert.match(second.message, /now: +ip netns add db/);
});

Deno.test("fewer calls than recorded is an error when the cell ends", async () => {
  const runner = new ReplayRunner(fixture(CELLS), NOTEBOOK);
  runner.beginCell("make-pair");
  await runner.exec("make-pair", "ip netns add client");
  const error = await failure(() => runner.endCell("make-pair"));
  assertStale(error, "make-pair");
  assert.match(error.message, /made 1 call\(s\) but the recording has 3/);
  assert.match(error.message, /ip netns add server/);
});

Deno.test("a call beyond the recording is an error", async () => {
  const runner = new ReplayRunner(fixture(CELLS), NOTEBOOK);
  runner.beginCell("show");
  await runner.exec("show", "ip netns list");
  const error = await failure(() => runner.exec("show", "ip link"));
  assertStale(error, "show");
  assert.match(error.message, /call 2 `ip link` was never recorded/);
});

Deno.test("a cell the recording does not know cannot make calls", async () => {
  const runner = new ReplayRunner(fixture(CELLS), NOTEBOOK);
  runner.beginCell("new-cell");
  assertStale(await failure(() => runner.exec("new-cell", "ip netns list")), "new-cell");
});

Deno.test("a cell without calls needs no recording", () => {
  const runner = new ReplayRunner(fixture(CELLS), NOTEBOOK);
  runner.beginCell("only-typescript");
  runner.endCell("only-typescript");
});

Deno.test("checkComplete flags a recorded cell that never ran", async () => {
  const runner = new ReplayRunner(fixture(CELLS), NOTEBOOK);
  runner.beginCell("make-pair");
  for (const { command } of CELLS["make-pair"]) await runner.exec("make-pair", command);
  runner.endCell("make-pair");
  const error = await failure(() => runner.checkComplete());
  assertStale(error, "show");
  assert.match(error.message, /no longer has this cell/);
});

Deno.test("checkComplete ignores recorded cells that made no calls", () => {
  const runner = new ReplayRunner(fixture({ "quiet": [], ...{ show: CELLS.show } }), NOTEBOOK);
  runner.beginCell("show");
  runner.checkComplete();
});

Deno.test("replay never touches the process: it works without run permission", {
  permissions: { run: false, write: false, net: false },
}, async () => {
  const runner = new ReplayRunner(fixture(CELLS), NOTEBOOK);
  runner.beginCell("show");
  assert.equal((await runner.exec("show", "ip netns list")).code, 0);
});
