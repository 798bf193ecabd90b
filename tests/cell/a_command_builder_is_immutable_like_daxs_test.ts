import assert from "node:assert/strict";
import { $ } from "../../lib/cell/command.ts";
import { CommandError } from "../../lib/cell/errors.ts";
import { setSession } from "../../lib/cell/session.ts";
import { fakeSession } from "./fake_session.ts";

const FAILS = { stdout: "", stderr: "no such thing\n", code: 1, ms: 2 };

Deno.test("noThrow() returns a new builder and the original still throws", async () => {
  fakeSession({ "ls /nope": FAILS });
  try {
    const strict = $`ls /nope`;
    const lenient = strict.noThrow();
    assert.notEqual(lenient, strict);
    const r = await lenient;
    assert.equal(r.code, 1);
    const error = await strict.then(() => undefined, (e) => e);
    assert.ok(error instanceof CommandError, `the original builder to throw, got ${error}`);
  } finally {
    setSession(undefined);
  }
});

Deno.test("quiet() and timeout() leave the builder they came from as it was", async () => {
  const { calls, shown } = fakeSession({
    "echo hi": { stdout: "hi\n", stderr: "", code: 0, ms: 1 },
  });
  try {
    const base = $`echo hi`;
    const quiet = base.quiet();
    const limited = base.timeout("2s");
    await quiet;
    assert.equal(shown.length, 0, "the quiet builder shows no transcript");
    await base;
    assert.equal(shown.length, 1, "the base builder still shows its transcript");
    await limited;
    await base;
    assert.deepEqual(calls.map((c) => c.timeout), [undefined, undefined, 2000, undefined]);
  } finally {
    setSession(undefined);
  }
});

Deno.test("modifiers chain: each step keeps what the earlier ones set", async () => {
  const { calls, shown } = fakeSession({ "ls /nope": FAILS });
  try {
    const r = await $`ls /nope`.noThrow().timeout(500).quiet();
    assert.equal(r.code, 1);
    assert.equal(shown.length, 0);
    assert.deepEqual(calls, [{ cell: "the-cell", command: "ls /nope", timeout: 500 }]);
  } finally {
    setSession(undefined);
  }
});

Deno.test("text() drops only the last newline, as dax's does", async () => {
  fakeSession({
    "show": { stdout: "  indented  \n\n", stderr: "warn\r\n", code: 0, ms: 1 },
    "none": { stdout: "", stderr: "", code: 0, ms: 1 },
  });
  try {
    assert.equal(await $`show`.text(), "  indented  \n");
    assert.equal(await $`show`.text("stderr"), "warn");
    assert.equal(await $`none`.text(), "");
  } finally {
    setSession(undefined);
  }
});

Deno.test("lines() splits text() at each newline, keeping empty lines inside, as dax's does", async () => {
  fakeSession({
    "three": { stdout: "a\n\nb\r\nc\n", stderr: "", code: 0, ms: 1 },
    "none": { stdout: "", stderr: "", code: 0, ms: 1 },
  });
  try {
    assert.deepEqual(await $`three`.lines(), ["a", "", "b", "c"]);
    assert.deepEqual(await $`none`.lines(), [""]);
  } finally {
    setSession(undefined);
  }
});

Deno.test("a builder only derived from is not a forgotten command; the derived one is", async () => {
  const { session } = fakeSession({ "ls /nope": FAILS });
  try {
    await $`ls /nope`.noThrow().quiet();
    assert.equal(session.unawaited.size, 0);
    const base = $`ls /nope`;
    base.noThrow();
    assert.equal(session.unawaited.size, 1, "the never-awaited noThrow() builder to be flagged");
    assert.ok(!session.unawaited.has(base));
  } finally {
    setSession(undefined);
  }
});
