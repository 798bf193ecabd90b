/**
 * An export runs in Jupyter wherever it is written: exported to a folder outside the repository
 * (no deno.json to map imports there), nbconvert and Deno's kernel replay it with every output
 * as recorded, and the export says nothing about keeping it inside the repository.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { loadNotebook } from "../../lib/cli/curriculum.ts";
import { exportNotebooks } from "../../lib/export/export_notebooks.ts";
import {
  assertSameOutputs,
  execute,
  jupyterOnly,
  readCells,
  recordedCurriculum,
  shown,
} from "./ipynb_jupyter.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

Deno.test(
  "an ipynb exported outside the repository replays in Jupyter with its recorded outputs",
  await jupyterOnly(),
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "netbook-ipynb-" });
    try {
      assert.ok(relative(ROOT, dir).startsWith(".."), `${dir} is inside the repository`);
      // The notebook with the most outputs, and the first.
      const paths = (await recordedCurriculum()).filter((p) => /\/0[03]-/.test(p));
      assert.equal(paths.length, 2, `expected notebooks 00 and 03 among ${paths}`);
      const notes: string[] = [];
      const files = await exportNotebooks(await Promise.all(paths.map(loadNotebook)), {
        to: "ipynb",
        outDir: join(dir, "export"),
        onNote: (note) => notes.push(note),
      });
      assert.deepEqual(notes.filter((n) => /repository|deno\.json/.test(n)), []);

      const ran = join(dir, "replayed");
      await execute(files, ran, join(dir, "jupyter"), { NETBOOK_MODE: "replay" });
      const tables = await assertSameOutputs(files, ran);
      assert.ok(tables > 0, "outputs should carry text/html tables");
      for (const file of files) {
        const executed = await readCells(join(ran, file.split("/").pop()!));
        const setup = shown(executed.find((c) => c.id === "setup")!).displays[0]?.[0] ?? "";
        assert.match(setup, /mode: replay/);
        assert.match(setup, /no sandbox, not even in replay mode/);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);
