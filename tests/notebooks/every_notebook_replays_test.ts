import assert from "node:assert/strict";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { curriculumPaths, LANGS, loadNotebook } from "../../lib/cli/curriculum.ts";

// Every notebook of the curriculum replays from its recording, in every language (a translation
// from its original's); each cell is a step.
for (const path of (await Promise.all(LANGS.map((l) => curriculumPaths(l)))).flat()) {
  Deno.test(`replay ${path}`, async (t) => {
    const notebook = await loadNotebook(path);
    const result = await runNotebook(notebook, { mode: "replay" });
    for (const cell of result.cells) {
      await t.step(
        `${cell.id} (line ${notebook.cells.find((c) => c.id === cell.id)!.line})`,
        () => {
          if (cell.status === "skipped") {
            assert.ok(cell.note, `cell ${cell.id} was skipped without a reason`);
            return;
          }
          assert.ok(
            cell.status === "ok" || cell.status === "expected-error",
            `cell ${cell.id}: ${cell.status}${result.error ? `\n${result.error.message}` : ""}`,
          );
        },
      );
    }
    assert.equal(result.error?.message, undefined);
    assert.ok(result.ok);
    assert.equal(result.mode, "replay");
  });
}
