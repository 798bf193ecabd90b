/**
 * Real command output for the inspector tests: the recording of tests/data/inspect_lab.md
 * (re-record with `deno task record tests/data/inspect_lab.md`, then regenerate the golden files
 * with `UPDATE_GOLDEN=1 deno test -A tests/inspect`).
 */
import { fileURLToPath } from "node:url";
import { readFixture } from "../../lib/fixture/read_fixture.ts";
import type { CallRecord } from "../../lib/fixture/schema.ts";

const path = (name: string) => fileURLToPath(new URL(`../data/${name}`, import.meta.url));

export const fixture = await readFixture(
  path("inspect_lab.fixture.json"),
  path("inspect_lab.md"),
);

/** Every recorded call, in order. */
export const calls: CallRecord[] = Object.values(fixture.cells).flat();

/** What one recorded command printed on stdout; it must have run exactly once, and succeeded. */
export function output(command: string): string {
  const found = calls.filter((c) => c.command === command);
  const [call] = found;
  if (found.length !== 1 || call === undefined) {
    throw new Error(`inspect_lab.md ran \`${command}\` ${found.length} times (expected once)`);
  }
  if (call.code !== 0) throw new Error(`\`${command}\` failed in the recording`);
  return call.stdout;
}
