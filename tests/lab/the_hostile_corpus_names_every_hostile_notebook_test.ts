/** Every notebook of tests/data/hostile/ is in the corpus, with tests that exist. */
import assert from "node:assert/strict";
import { NOTEBOOK_ATTACKS, OTHER_HOSTILE_NOTEBOOKS } from "./hostile_corpus.ts";

const ROOT = new URL("../../", import.meta.url);

Deno.test("every hostile notebook is in the corpus, and its tests exist", async () => {
  const files: string[] = [];
  for await (const e of Deno.readDir(new URL("tests/data/hostile/", ROOT))) files.push(e.name);
  const listed = [...NOTEBOOK_ATTACKS, ...OTHER_HOSTILE_NOTEBOOKS].map((a) => a.file);
  assert.deepEqual(files.sort(), [...listed].sort());
  for (const { tests } of OTHER_HOSTILE_NOTEBOOKS) {
    for (const test of tests) assert.ok((await Deno.stat(new URL(test, ROOT))).isFile, test);
  }
});
