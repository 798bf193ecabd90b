/**
 * A command that fails in a cell throws a CommandError in the notebook's process; the embedder
 * who ran the notebook gets that CommandError back as the failure's cause, with the command's
 * result (exit code, what it printed), not an Error that only carries its name.
 */
import assert from "node:assert/strict";
import { CommandError, runNotebook } from "../../runtime.ts";
import { labBackends } from "../../backend.ts";
import { fakeBackend } from "../lab/fake_backend.ts";
import { liveOnly } from "../support.ts";
import { embedded } from "./embedder.ts";

Deno.test(
  "a failing sh command in a live lab is a CommandError with its exit code and stderr",
  await liveOnly(),
  async () => {
    await using nb = await embedded([["ts id=fails", 'await $`sh -c "echo oops >&2; exit 3"`;']]);
    const result = await runNotebook(nb.notebook, {
      mode: "live",
      fixture: nb.fixture,
      backends: labBackends(),
    });
    assert.equal(result.ok, false);
    assert.equal(result.error?.kind, "error");
    const cause = result.error?.cause;
    assert.ok(cause instanceof CommandError, `the cause is ${Deno.inspect(cause)}`);
    assert.equal(cause.result.code, 3);
    assert.match(cause.result.stderr, /oops/);
    assert.equal(cause.command, `sh -c "echo oops >&2; exit 3"`);
    // The message is the one the cell saw, naming the command.
    assert.match(cause.message, /`sh -c "echo oops >&2; exit 3"` exited with code 3:\noops/);
  },
);

Deno.test("a failing command on any backend is a CommandError with its result", async () => {
  await using nb = await embedded([["ts id=fails", "await $`exit 3`;"]]);
  const result = await runNotebook(nb.notebook, {
    mode: "live",
    fixture: nb.fixture,
    backend: fakeBackend,
  });
  const cause = result.error?.cause;
  assert.ok(cause instanceof CommandError, `the cause is ${Deno.inspect(cause)}`);
  assert.equal(cause.result.code, 3);
  assert.equal(cause.command, "exit 3");
  assert.equal(result.error?.cell, "fails");
});
