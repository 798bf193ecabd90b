/**
 * A new kind of lab is one file (tests/lab/fake_backend.ts), passed to a run among the backends
 * it may use (netbook's own are one line each in lib/lab/backends.ts, which the CLI passes);
 * then a notebook runs through the whole stack on it: mode choice, probe, the notebook process,
 * the runner, record with the backend in the fixture, and replay.
 */
import assert from "node:assert/strict";
import { backendNamed, labBackends } from "../../lib/lab/backends.ts";
import { readFixture } from "../../lib/fixture/read_fixture.ts";
import { copyNotebook, printed, runCopy, statuses } from "../support.ts";
import { recordedCalls } from "../recorded_calls.ts";
import type { LabBackend } from "../../lib/lab/backend.ts";
import { fakeBackend, started } from "./fake_backend.ts";

/** The backends a run is given: netbook's own and the new one. */
const backends = [...labBackends(), fakeBackend];

Deno.test("a notebook records on a new backend, and the fixture says which", async () => {
  await using copy = await copyNotebook("fake_backend.md");
  const record = await runCopy(copy, "record", { backends, backend: fakeBackend });
  assert.equal(record.ok, true, record.error?.message);
  assert.deepEqual(statuses(record), { greet: "ok", fails: "expected-error", tunnel: "skipped" });
  assert.equal(printed(record, "greet"), "stdout: hello from 'the lab'; mode: record\n");
  const lab = started.at(-1)!;
  assert.ok(lab.ran.includes("echo hello from 'the lab'"), lab.ran.join("\n"));
  assert.ok(lab.closed, "the run did not close its lab");

  const fixture = await readFixture(copy.fixture, copy.path);
  assert.deepEqual(fixture.recorded.backend, { kind: "fake", flavour: "test" });
  assert.deepEqual(fixture.recorded.capabilities, ["netns"]);
  assert.equal(recordedCalls(fixture, "fails")[0]?.code, 3);
});

Deno.test("what a new backend recorded replays without it", async () => {
  await using copy = await copyNotebook("fake_backend.md");
  const record = await runCopy(copy, "record", { backends, backend: fakeBackend });
  const before = started.length;
  const replay = await runCopy(copy, "replay");
  assert.equal(replay.ok, true, replay.error?.message);
  assert.equal(started.length, before, "replay started a lab");
  assert.deepEqual(
    replay.cells.map((c) => [c.id, c.status, c.outputs.filter((o) => o.type !== "stream")]),
    record.cells.map((c) => [c.id, c.status, c.outputs.filter((o) => o.type !== "stream")]),
  );
  assert.equal(printed(replay, "greet"), "stdout: hello from 'the lab'; mode: replay\n");
});

Deno.test("auto on a new backend runs live, and the mode line says what lab it is", async () => {
  await using copy = await copyNotebook("fake_backend.md");
  const run = await runCopy(copy, "auto", { backends, backend: fakeBackend });
  assert.equal(run.mode, "live");
  assert.match(run.reason, /in a fake lab/);
});

Deno.test("auto picks a backend only among those the run is given", async () => {
  await using copy = await copyNotebook("fake_backend.md");
  const run = await runCopy(copy, "auto", { backends: [fakeBackend] });
  assert.equal(run.mode, "live");
  assert.match(run.reason, /in a fake lab/);
});

Deno.test("netbook's own backends cannot be added to from outside", () => {
  assert.throws(() => (labBackends() as LabBackend[]).push(fakeBackend), TypeError);
  assert.throws(() => backendNamed("fake"), /there is no lab backend "fake"/);
});

Deno.test("an unknown backend is a clear error naming the known ones", () => {
  assert.throws(() => backendNamed("warp"), /there is no lab backend "warp" \(known: netns/);
});
