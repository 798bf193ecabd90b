import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

/**
 * Compares a rendering with tests/inspect/golden/NAME. The golden files are written by the
 * renderers from real recorded output (never by hand): `UPDATE_GOLDEN=1 deno test -A
 * tests/inspect` rewrites them; review the diff before committing.
 */
export async function assertGolden(name: string, actual: string): Promise<void> {
  const path = fileURLToPath(new URL(`golden/${name}`, import.meta.url));
  if (Deno.env.get("UPDATE_GOLDEN")) {
    await Deno.writeTextFile(path, actual + "\n");
    return;
  }
  let expected: string;
  try {
    expected = await Deno.readTextFile(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    throw new Error(
      `no golden file ${name}: write it with UPDATE_GOLDEN=1 deno test -A tests/inspect`,
    );
  }
  assert.equal(
    actual + "\n",
    expected,
    `${name} changed; if that is intended: UPDATE_GOLDEN=1 deno test -A tests/inspect`,
  );
}
