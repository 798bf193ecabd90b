/**
 * Step mode, driven through a pseudo-terminal as a learner drives it: each key does what `?`
 * says, in replay (no lab needed) and live (the lab shell at a cell, an exercise's check there).
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { PtySession } from "./pty_driver.ts";
import { liveOnly, TEST_STATE } from "../support.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const NOTEBOOK = "tests/data/exercises.md";
const live = await liveOnly();

function step(mode: string): PtySession {
  return new PtySession(
    ["deno", "task", "--quiet", "--cwd", ROOT, "notebook", "--step", NOTEBOOK, "--mode", mode],
    { XDG_STATE_HOME: TEST_STATE },
  );
}

const prompt = (cell: string) => `[${cell}] Enter run`;

Deno.test("step mode shows a cell, runs it on Enter, lists its keys on ?, and quits on q", async () => {
  const p = step("replay");
  await p.waitFor(prompt("make-red"));
  assert.match(p.screen, /── make-red · tests\/data\/exercises\.md:\d+ ──/);
  assert.doesNotMatch(p.screen, /\$ ip netns add red/, "nothing ran before the key");
  await p.type("?");
  await p.waitFor("this list");
  assert.match(p.screen, /s +skip this cell/);
  await p.waitFor(prompt("make-red"));
  await p.type("\r");
  await p.waitFor(prompt("link-red"));
  assert.match(p.screen, /\$ ip netns add red/);
  await p.type("q");
  await p.waitFor("Stopped before cell link-red; the lab is closed.");
  assert.equal(await p.close(), 0);
  assert.doesNotMatch(p.screen, /ip -n red link set lo up\n/);
});

Deno.test("a skipped cell's declarations fail the cell that needs them, naming it", async () => {
  const p = step("replay");
  await p.waitFor(prompt("make-red"));
  await p.type("s");
  await p.waitFor(prompt("link-red"));
  assert.match(p.screen, /skipped: you skipped it/);
  await p.type("\r");
  await p.waitFor(/made was never set: cell "make-red", which declares it, was skipped/);
  await p.waitFor("You skipped make-red before this.");
  assert.equal(await p.close(), 1);
});

Deno.test("j jumps to a later cell, c runs the rest, and a prediction is checked", async () => {
  const p = step("replay");
  await p.waitFor(prompt("make-red"));
  await p.type("j");
  await p.waitFor("jump to cell:");
  await p.type("nowhere\r");
  await p.waitFor('there is no cell "nowhere"');
  await p.type("j");
  await p.waitFor("jump to cell:");
  await p.type("answer-lo-count\r");
  await p.waitFor("Your prediction (1-3, Enter to pass):");
  assert.match(p.screen, /✓ blue-address: solved \(after the solution\)/, "the cells between ran");
  await p.type("1");
  await p.waitFor(prompt("answer-lo-count"));
  await p.type("c");
  await p.waitFor("✗ You predicted 0; the lab says 1.");
  await p.waitFor("the end, in step mode (replay)");
  assert.equal(await p.close(), 0);
});

Deno.test("l says why there is no lab to open in replay, and Ctrl-C stops as in a normal run", async () => {
  const p = step("replay");
  await p.waitFor(prompt("make-red"));
  await p.type("l");
  await p.waitFor("There is no live lab to open: this run replays its recording");
  await p.waitFor(prompt("make-red"));
  await p.type("\x03");
  await p.waitFor("Interrupted: the run was stopped, and its lab is gone.");
  assert.equal(await p.close(), 130);
});

Deno.test("without a terminal on standard input, step mode refuses at once", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "notebook", "--step", NOTEBOOK],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 2, text);
  assert.match(text, /--step waits for keys, and standard input is not a terminal/);
});

Deno.test({
  name: "l opens a shell in the live lab at the cell, where check judges the exercise",
  ...live,
  fn: async () => {
    const p = step("live");
    await p.waitFor(prompt("make-red"));
    await p.type("\r");
    await p.waitFor(prompt("link-red"));
    await p.type("l");
    await p.waitFor("[exercises @ link-red]");
    await p.type("ip netns list; echo seen-$((6*7))\r");
    await p.waitFor("seen-42");
    assert.match(p.screen, /\nred\r?\n/);
    await p.type("exit\r");
    await p.waitFor(prompt("link-red"));
    await p.type("j");
    await p.waitFor("jump to cell:");
    await p.type("solution-blue-address\r");
    await p.waitFor(prompt("solution-blue-address"));
    await p.type("l");
    await p.waitFor("[exercises @ solution-blue-address]");
    await p.type("check; echo status=$?\r");
    await p.waitFor("status=1");
    assert.match(p.screen, /✗ there is no namespace blue/);
    await p.type(
      "ip netns add blue && ip -n blue addr add 10.9.9.9/32 dev lo && ip -n blue link set lo up\r",
    );
    await p.type("check; echo status=$?\r");
    await p.waitFor("status=0");
    assert.match(p.screen, /✓ blue-address: solved/);
    await p.type("exit\r");
    await p.waitFor(prompt("solution-blue-address"));
    await p.type("q");
    assert.equal(await p.close(), 0);
  },
});
