import assert from "node:assert/strict";
import { keepTail, runProgram, spawnProgram, SYSTEM_PATH } from "../../lib/io/run_program.ts";

const TWENTY_LINES = "for i in $(seq 1 20); do echo said$i >&2; done";

Deno.test("a failed program's error names it, its exit code and its last lines of stderr", async () => {
  const error = await runProgram("sh", { args: ["-c", `${TWENTY_LINES}; exit 3`] })
    .then(() => undefined, (e) => e);
  assert.ok(error instanceof Error, String(error));
  assert.match(error.message, /^sh exited with code 3:/);
  assert.match(error.message, /said13\n {2}said14\n.*said20$/s);
  assert.doesNotMatch(error.message, /said12\b/, "only the last 8 lines");
});

Deno.test("the error says what running it was for, and the program's name as given", async () => {
  const error = await runProgram("sh", {
    args: ["-c", "exit 7"],
    doing: "could not write the archive",
    name: "busybox cpio",
  }).then(() => undefined, (e) => e);
  assert.equal(
    error?.message,
    "could not write the archive: busybox cpio exited with code 7 and said nothing",
  );
});

Deno.test("with noThrow, a non-zero exit is a result", async () => {
  const r = await runProgram("sh", {
    args: ["-c", "echo out; echo err >&2; exit 4"],
    noThrow: true,
  });
  assert.equal(r.code, 4);
  assert.equal(r.success, false);
  assert.equal(new TextDecoder().decode(r.stdout), "out\n");
  assert.equal(r.stderr, "err\n");
});

Deno.test("stdin is written and closed; a missing program is NotFound", async () => {
  const r = await runProgram("cat", { stdin: "hello\n" });
  assert.equal(new TextDecoder().decode(r.stdout), "hello\n");
  await assert.rejects(runProgram("/nonexistent/netbook-program"), Deno.errors.NotFound);
});

Deno.test("a program gets PATH=SYSTEM_PATH and what env adds, nothing of netbook's own", async () => {
  Deno.env.set("NETBOOK_RUN_PROGRAM_TEST", "leaked");
  try {
    const env = async (o: Parameters<typeof runProgram>[1]) =>
      new TextDecoder().decode((await runProgram("/usr/bin/env", o)).stdout).trim().split("\n")
        .sort();
    assert.deepEqual(await env({}), [`PATH=${SYSTEM_PATH}`]);
    assert.deepEqual(await env({ env: { A: "1" } }), ["A=1", `PATH=${SYSTEM_PATH}`]);
    // Deno and ssh read the user's own environment: inheritEnv keeps it.
    const inherited = await env({ inheritEnv: true, env: { A: "1" } });
    assert.ok(inherited.includes("NETBOOK_RUN_PROGRAM_TEST=leaked"));
    assert.ok(inherited.includes("A=1"));

    const child = spawnProgram("/usr/bin/env", { stdin: "null" });
    const said = await keepTail(child.stdout).ended;
    await child.status;
    assert.equal(said.trim(), `PATH=${SYSTEM_PATH}`);
  } finally {
    Deno.env.delete("NETBOOK_RUN_PROGRAM_TEST");
  }
});

Deno.test("keepTail keeps the last characters of what a stream said", async () => {
  const child = spawnProgram("sh", { args: ["-c", "seq 1 10000"], stdin: "null" });
  const tail = keepTail(child.stdout, 10);
  await child.status;
  assert.equal(await tail.ended, "\n9999\n10000\n".slice(-10));
  assert.equal(tail.text(), await tail.ended);
});
