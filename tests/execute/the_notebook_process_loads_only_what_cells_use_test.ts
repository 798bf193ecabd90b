/**
 * The notebook process loads only what cells use ($, lab, show, the inspectors, the hooks): not
 * the parser, the runner, the exporters, the drawing engine or the schema library. A smaller
 * module graph is a faster start for every notebook.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const ROOT = new URL("../../", import.meta.url);

async function graph(file: string): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--no-config", fileURLToPath(new URL(file, ROOT))],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

Deno.test("the notebook process and the cells' API leave the heavy modules out", async () => {
  for (
    const entry of [
      "lib/execute/cell_process.ts",
      "lib/execute/cell_worker.ts",
      "lib/cell/api.ts",
      "lib/cell/hooks.ts",
    ]
  ) {
    const tree = await graph(entry);
    for (
      const heavy of ["beautiful-mermaid", "elkjs", "markdown-it", "npm:/zod", "puppeteer", "yaml@"]
    ) {
      assert.ok(!tree.includes(heavy), `${entry} loads ${heavy}`);
    }
    for (
      const folder of [
        "lib/execute/run_notebook",
        "lib/export/",
        "lib/jupyter/",
        "lib/notebook/parse",
      ]
    ) {
      assert.ok(!tree.includes(folder), `${entry} loads ${folder}`);
    }
  }
});
