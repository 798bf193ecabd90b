/**
 * What a cell throws reaches the embedder as what it was: a TypeError stays a TypeError with its
 * message, and an error of the notebook's own class keeps its name.
 */
import assert from "node:assert/strict";
import { runNotebook } from "../../runtime.ts";
import { fakeBackend } from "../lab/fake_backend.ts";
import { embedded } from "./embedder.ts";

Deno.test("a TypeError thrown by a cell is a TypeError for the embedder", async () => {
  await using nb = await embedded([[
    "ts id=wrong",
    'throw new TypeError("not a prefix: 10.0.0.0/33");',
  ]]);
  const result = await runNotebook(nb.notebook, {
    mode: "live",
    fixture: nb.fixture,
    backend: fakeBackend,
  });
  assert.equal(result.ok, false);
  assert.equal(result.error?.kind, "error");
  const cause = result.error?.cause;
  assert.ok(cause instanceof TypeError, `the cause is ${Deno.inspect(cause)}`);
  assert.equal(cause.message, "not a prefix: 10.0.0.0/33");
  assert.match(result.error!.message, /TypeError: not a prefix: 10\.0\.0\.0\/33/);
});

Deno.test("a RangeError made by the runtime in a cell is a RangeError", async () => {
  await using nb = await embedded([["ts id=array", "new Array(-1);"]]);
  const result = await runNotebook(nb.notebook, {
    mode: "live",
    fixture: nb.fixture,
    backend: fakeBackend,
  });
  const cause = result.error?.cause;
  assert.ok(cause instanceof RangeError, `the cause is ${Deno.inspect(cause)}`);
  assert.match(cause.message, /Invalid array length/);
});

Deno.test("an error of the notebook's own class keeps its name", async () => {
  await using nb = await embedded([[
    "ts id=own",
    'class RouteMissing extends Error { override name = "RouteMissing"; }\n' +
    'throw new RouteMissing("no route to 10.0.0.2");',
  ]]);
  const result = await runNotebook(nb.notebook, {
    mode: "live",
    fixture: nb.fixture,
    backend: fakeBackend,
  });
  const cause = result.error?.cause;
  assert.ok(cause instanceof Error);
  assert.equal(cause.name, "RouteMissing");
  assert.equal(cause.message, "no route to 10.0.0.2");
});
