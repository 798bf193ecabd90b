/** The command line meets a learner halfway: names, typos, forgotten awaits, Ctrl-C. */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { copyNotebook, denoTask, lineOf, liveOnly, runCopy } from "../support.ts";

const ROOT = new URL("../../", import.meta.url);
const live = await liveOnly();

Deno.test("a notebook is found by its number or a word of its name", async () => {
  const byNumber = await denoTask("notebook", "--mode", "replay", "--quiet", "01");
  assert.equal(byNumber.code, 0, byNumber.stdout + byNumber.stderr);
  assert.match(byNumber.stdout, /cells ran in .* \(replay\)/);
  const byWord = await denoTask("notebook", "--mode", "replay", "--quiet", "bridge");
  assert.equal(byWord.code, 0, byWord.stdout + byWord.stderr);
});

Deno.test("a name that is almost a notebook's gets a suggestion", async () => {
  const r = await denoTask("notebook", "brige");
  assert.equal(r.code, 1);
  assert.match(r.stdout, /there is no notebook brige; did you mean notebooks\/02-bridge\.md\?/);
});

Deno.test("a name that fits several notebooks names them", async () => {
  const r = await denoTask("notebook", "netns");
  assert.equal(r.code, 1);
  assert.match(r.stdout, /"netns" could be notebooks\/01-netns-veth\.md or notebooks\/05-/);
});

Deno.test("an unknown flag suggests the nearest one", async () => {
  const r = await denoTask("notebook", "--mod", "replay", "01");
  assert.equal(r.code, 2);
  assert.match(r.stdout, /there is no option --mod; did you mean --mode\?/);
  assert.match(r.stdout, /^usage:/m);
});

Deno.test("a mistyped mode and command are said plainly, with a suggestion", async () => {
  const mode = await denoTask("notebook", "--mode", "replya", "01");
  assert.equal(mode.code, 2);
  assert.match(
    mode.stdout,
    /--mode must be auto, live, record or replay, not "replya"; did you mean replay\?/,
  );
});

Deno.test("a folder given as a notebook says so", async () => {
  const r = await denoTask("notebook", fileURLToPath(new URL("tests/data/", ROOT)));
  assert.equal(r.code, 1);
  assert.match(r.stdout, /is a folder, not a notebook/);
});

Deno.test("a command built with $ and never awaited is an error at its line", async () => {
  await using copy = await copyNotebook("unawaited_command.md");
  const result = await runCopy(copy, "live");
  assert.equal(result.ok, false);
  const line = lineOf(copy.text, "$`ip netns add never-made`");
  assert.ok(result.error?.message.startsWith(`${copy.path}:${line}`), result.error?.message);
  assert.match(result.error!.message, /built a command with \$`...` and never awaited it/);
});

Deno.test("a syntax error reads SyntaxError, not TypeError: SyntaxError", async () => {
  await using copy = await copyNotebook("syntax_error_cell.md");
  const result = await runCopy(copy, "live");
  assert.match(result.error?.message ?? "", /: SyntaxError: /);
  assert.doesNotMatch(result.error!.message, /TypeError/);
});

Deno.test("Ctrl-C stops the run, says so, and the lab is gone", live, async () => {
  await using copy = await copyNotebook("interruptible.md");
  const cli = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      fileURLToPath(new URL("lib/cli/main.ts", ROOT)),
      "run",
      "--mode",
      "live",
      copy.path,
    ],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let out = "";
  const reader = cli.stdout.pipeThrough(new TextDecoderStream()).getReader();
  // Handshake: the transcript of `sleep 30`'s cell has started before the interrupt.
  while (!out.includes("await $`sleep 30`")) {
    const { value, done } = await reader.read();
    if (done) break;
    out += value;
  }
  cli.kill("SIGINT");
  for (let r = await reader.read(); !r.done; r = await reader.read()) out += r.value;
  const status = await cli.status;
  await cli.stderr.cancel();
  assert.equal(status.code, 130, out);
  assert.match(out, /\(cell waits\): the run was interrupted; the lab is gone/);
  assert.match(out, /Interrupted: the run was stopped, and its lab is gone\./);
  assert.doesNotMatch(out, /never reached/);
});

Deno.test("doctor groups what it checks by what it enables, and says what to install", async () => {
  const r = await denoTask("doctor");
  for (
    const group of [
      "links and bridges",
      "NAT and filtering",
      "BGP (Calico)",
      "Ingress",
      "CNI plugins",
    ]
  ) {
    assert.match(r.stdout, new RegExp(`${group.replace(/[()]/g, "\\$&")}: `), r.stdout);
  }
  assert.match(r.stdout, /^Exports$/m);
  assert.match(r.stdout, /The netns lab: /);
  assert.match(r.stdout, /Live runs (work|cannot work) here/);
});

Deno.test("deno task exercises lists each exercise as NOTEBOOK NAME  title", async () => {
  const all = await denoTask("exercises");
  assert.equal(all.code, 0, all.stderr);
  const lines = all.stdout.trimEnd().split("\n");
  assert.ok(lines.length >= 13, all.stdout);
  for (const line of lines) assert.match(line, /^notebooks\/\d\d-[a-z0-9-]+\.md [a-z0-9-]+ {2}\S/);
  const one = await denoTask("exercises", "02");
  assert.match(
    one.stdout,
    /^notebooks\/02-bridge\.md port-down {2}client1 cannot reach server1 any more\n$/,
  );
});

Deno.test("the curriculum list shows what the learner finished and solved", async () => {
  const { TEST_STATE } = await import("../support.ts");
  const { ProgressStore } = await import("../../lib/progress/progress_store.ts");
  const store = new ProgressStore(`${TEST_STATE}/netbook`);
  await store.reset();
  await store.finished("notebooks/01-netns-veth.md");
  await store.shown("notebooks/02-bridge.md", "port-down");
  await store.solved("notebooks/02-bridge.md", "port-down");
  try {
    const r = await denoTask("notebook");
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /notebooks\/01-netns-veth\.md\n {2}✓ finished · exercises: 0\/1 solved\n/,
    );
    assert.match(
      r.stdout,
      /notebooks\/02-bridge\.md\n {2}exercises: 1\/1 solved \(port-down with help\)\n/,
    );
    const reset = await denoTask("notebook", "--reset-progress");
    assert.match(reset.stdout, /Progress cleared/);
    assert.doesNotMatch((await denoTask("notebook")).stdout, /finished/);
  } finally {
    await store.reset();
  }
});
