import assert from "node:assert/strict";
import { $ } from "../../lib/cell/command.ts";
import { CommandResult } from "../../lib/cell/command_result.ts";
import { CommandError } from "../../lib/cell/errors.ts";
import { setSession } from "../../lib/cell/session.ts";
import { fakeSession } from "./fake_session.ts";

const OK = { stdout: "hello\n", stderr: "", code: 0, ms: 3 };
const MISSING = { stdout: "", stderr: 'Device "nope" does not exist.\n', code: 1, ms: 2 };

Deno.test("a command runs through the session's runner, for the current cell", async () => {
  const { calls, shown } = fakeSession({ "echo 'a b'": OK });
  try {
    const r = await $`echo ${"a b"}`;
    assert.ok(r instanceof CommandResult);
    assert.equal(r.command, "echo 'a b'");
    assert.equal(r.stdout, OK.stdout);
    assert.equal(r.code, 0);
    assert.equal(r.toString(), "hello");
    assert.deepEqual(calls, [{ cell: "the-cell", command: "echo 'a b'", timeout: undefined }]);
    assert.equal(shown.length, 1);
    assert.equal(shown[0]?.command, "echo 'a b'");
  } finally {
    setSession(undefined);
  }
});

Deno.test("a non-zero exit throws a CommandError naming the command and its stderr", async () => {
  fakeSession({ "ip link show nope": MISSING });
  try {
    const error = await $`ip link show ${"nope"}`.then(() => undefined, (e) => e);
    assert.ok(error instanceof CommandError, String(error));
    assert.equal(error.command, "ip link show nope");
    assert.equal(error.result.code, 1);
    assert.match(error.message, /`ip link show nope` exited with code 1/);
    assert.match(error.message, /Device "nope" does not exist/);
    assert.match(error.message, /expect-error/);
  } finally {
    setSession(undefined);
  }
});

Deno.test("a command stopped at its time limit says so, not just its exit code", async () => {
  fakeSession({ "sleep 9": { stdout: "", stderr: "", code: 124, ms: 2001, timedOut: 2000 } });
  try {
    const error = await $`sleep 9`.timeout("2s").then(() => undefined, (e) => e);
    assert.ok(error instanceof CommandError, String(error));
    assert.match(error.message, /`sleep 9` timed out after 2 s/);
    assert.doesNotMatch(error.message, /exited with code 124/);
  } finally {
    setSession(undefined);
  }
});

Deno.test(".noThrow() turns a non-zero exit into a result", async () => {
  const { shown, session } = fakeSession({ "ip link show nope": MISSING });
  try {
    const r = await $`ip link show nope`.noThrow();
    assert.equal(r.code, 1);
    assert.equal(r.ok, false);
    assert.equal(shown[0]?.expected, true);
    assert.equal(session.failed, false, "noThrow alone does not make an expect-error cell pass");
  } finally {
    setSession(undefined);
  }
});

Deno.test("in an expect-error cell a failing command does not throw and marks the cell failed", async () => {
  const { shown, session } = fakeSession({ "ip link show nope": MISSING }, true);
  try {
    const r = await $`ip link show nope`;
    assert.equal(r.code, 1);
    assert.equal(session.failed, true);
    assert.equal(shown[0]?.expected, true);
  } finally {
    setSession(undefined);
  }
});

Deno.test(".timeout() passes the limit to the runner; bad limits are refused", async () => {
  const { calls } = fakeSession({ "sleep 1": OK });
  try {
    await $`sleep 1`.timeout("500ms");
    await $`sleep 1`.timeout(250);
    assert.deepEqual(calls.map((c) => c.timeout), [500, 250]);
    assert.throws(() => $`sleep 1`.timeout("soon"), RangeError);
    assert.throws(() => $`sleep 1`.timeout(0), RangeError);
    assert.throws(() => $`sleep 1`.timeout("36000m"), /longer than a time limit can be/);
  } finally {
    setSession(undefined);
  }
});

Deno.test(".quiet() runs the command without showing a transcript", async () => {
  const { calls, shown } = fakeSession({ "echo hi": OK });
  try {
    await $`echo hi`.quiet();
    assert.equal(calls.length, 1);
    assert.equal(shown.length, 0);
  } finally {
    setSession(undefined);
  }
});

Deno.test("a command outside any lab fails with a message saying how to run one", async () => {
  setSession(undefined);
  await assert.rejects(async () => await $`true`, /netbook has no lab yet/);
});
