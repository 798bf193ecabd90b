/**
 * Every translation in notebooks/LANG/ (one with `translation-of:`) has its original's cells byte
 * for byte (ids, fence options, code), so it replays from the original's recording and runs live
 * the same way; and its `translated-from:` is the digest of the original's narrative as it is
 * now (`narrativeDigest`: SHA-256 of the original file without its cells' lines, 16 hex digits),
 * so an English change that the translation has not followed fails here.
 */
import assert from "node:assert/strict";
import { relative } from "node:path";
import { LANGS, loadNotebook, notebooksDir } from "../../lib/cli/curriculum.ts";
import { recordedNotebookOf } from "../../lib/fixture/paths.ts";
import { translationState } from "../../lib/notebook/translation.ts";

const translations: string[] = [];
for (const lang of LANGS.filter((l) => l !== "en")) {
  const dir = notebooksDir(lang);
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isFile && e.name.endsWith(".md")) translations.push(`${dir}${e.name}`);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}

for (const path of translations.sort()) {
  const translation = await loadNotebook(relative(Deno.cwd(), path));
  if (!translation.meta.translationOf) continue;
  const original = await loadNotebook(recordedNotebookOf(translation.path, translation.meta));
  const name = path.slice(notebooksDir().length);
  const state = translationState(original, translation);
  const stamp = `deno task translations --stamp notebooks/${name}`;

  Deno.test(`notebooks/${name} has the cells of ${translation.meta.translationOf}, byte for byte`, () => {
    assert.ok(
      state.cells.length === 0,
      `notebooks/${name}: its cells must be its original's byte for byte:\n${
        state.cells.join("\n")
      }`,
    );
  });

  Deno.test(`notebooks/${name} translates ${translation.meta.translationOf} as it is now`, () => {
    assert.ok(
      state.recorded,
      `notebooks/${name} records no translated-from: once it says what the original says, run ${stamp}`,
    );
    assert.equal(
      state.recorded,
      state.digest,
      `the English changed since notebooks/${name} was last brought in line with it (translated-from: ${state.recorded}; the original's narrative is now ${state.digest}): see what changed with \`git log -p ${original.path}\`, translate it, then run ${stamp}`,
    );
  });
}
