/**
 * A replay whose recording no longer matches what a cell runs fails that cell with kind
 * "fixture" and a FixtureStaleError as its cause (the replay runner throws it in the parent; it
 * crosses to the cell, which fails, and back). A recording that is missing or unreadable is found
 * before any cell runs, and is its own class too.
 */
import assert from "node:assert/strict";
import { FixtureMissingError, FixtureStaleError, runNotebook } from "../../runtime.ts";
import { fakeBackend } from "../lab/fake_backend.ts";
import { embedded } from "./embedder.ts";

Deno.test("a cell that runs another command than its recording fails with FixtureStaleError", async () => {
  await using nb = await embedded([["ts id=greet", "await $`echo hello`;"]]);
  const record = await runNotebook(nb.notebook, {
    mode: "record",
    fixture: nb.fixture,
    backend: fakeBackend,
  });
  assert.equal(record.ok, true, record.error?.message);
  const edited = await nb.rewrite([["ts id=greet", "await $`echo goodbye`;"]]);
  const replay = await runNotebook(edited, { mode: "replay", fixture: nb.fixture });
  assert.equal(replay.ok, false);
  assert.equal(replay.error?.kind, "fixture", replay.error?.message);
  assert.equal(replay.error?.cell, "greet");
  const cause = replay.error?.cause;
  assert.ok(cause instanceof FixtureStaleError, Deno.inspect(cause));
  assert.match(cause.message, /echo goodbye/);
});

Deno.test("a replay asked for without its recording is refused with FixtureMissingError", async () => {
  await using nb = await embedded([["ts id=greet", "await $`echo hello`;"]]);
  // Found before any cell runs, in the embedder's own process: runNotebook rejects.
  await assert.rejects(
    runNotebook(nb.notebook, { mode: "replay", fixture: nb.fixture }),
    FixtureMissingError,
  );
});

Deno.test("a recording that is not one is a FixtureStaleError for the embedder", async () => {
  await using nb = await embedded([["ts id=greet", "await $`echo hello`;"]]);
  await Deno.writeTextFile(nb.fixture, "{ not json");
  const replay = await runNotebook(nb.notebook, { mode: "replay", fixture: nb.fixture });
  assert.equal(replay.error?.kind, "fixture");
  assert.ok(replay.error?.cause instanceof FixtureStaleError, Deno.inspect(replay.error?.cause));
});
