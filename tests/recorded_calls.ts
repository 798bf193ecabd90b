/** A cell's calls in a recording, for tests that read what a real run recorded. */
import assert from "node:assert/strict";
import { type CallRecord, callsOf, type Fixture } from "../lib/fixture/schema.ts";

/** The calls `fixture` recorded for `cell`; fails the test, naming the cells it has, if none. */
export function recordedCalls(fixture: Pick<Fixture, "cells">, cell: string): CallRecord[] {
  const calls = callsOf(fixture.cells, cell);
  assert.ok(
    calls,
    `the recording has no cell ${cell}; it has ${Object.keys(fixture.cells).join(", ")}`,
  );
  return calls;
}
