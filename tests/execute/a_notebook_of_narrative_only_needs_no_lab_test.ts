/** A notebook without cells (a page of narrative) runs nothing: no lab, no recording. */
import assert from "node:assert/strict";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { runNotebook } from "../../lib/execute/run_notebook.ts";

Deno.test("a notebook of narrative only runs in every mode, without a lab or a recording", async () => {
  const notebook = parseNotebook(
    "# Sources\n\nThe documents this curriculum draws on.\n",
    "/nowhere/sources.md",
  );
  for (const mode of ["auto", "live", "replay"] as const) {
    const run = await runNotebook(notebook, {
      mode,
      probe: () => Promise.reject(new Error("a lab was looked for")),
    });
    assert.equal(run.ok, true, run.error?.message);
    assert.equal(run.mode, "replay");
    assert.match(run.reason, /no cells/);
  }
});
