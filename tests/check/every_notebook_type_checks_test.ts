import assert from "node:assert/strict";
import { checkNotebooks } from "../../lib/check/check_notebook.ts";
import { curriculumPaths, loadNotebook } from "../../lib/cli/curriculum.ts";

// Every notebook of the curriculum type-checks, its cells together as they run; one step each.
Deno.test("every curriculum notebook type-checks", async (t) => {
  const notebooks = await Promise.all((await curriculumPaths()).map(loadNotebook));
  assert.ok(notebooks.length > 0);
  for (const result of await checkNotebooks(notebooks)) {
    await t.step(result.notebook.path, () => {
      const errors = result.diagnostics.map((d) =>
        `${d.file}:${d.line}:${d.column}: ${d.code ?? ""} ${d.message}`
      );
      assert.deepEqual(errors, []);
      assert.ok(result.ok);
    });
  }
});
