/**
 * The exported .ipynb files against the real Jupyter: Debian's nbformat validates them, and
 * nbconvert executes them with Deno's kernel, replaying (outputs identical to those exported)
 * and live (the same commands, run for real). Exported inside the repository, as
 * `deno task export` does by default (dist/ipynb/).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadNotebook } from "../../lib/cli/curriculum.ts";
import { exportNotebooks } from "../../lib/export/export_notebooks.ts";
import {
  assertSameOutputs,
  type Cell,
  execute,
  jupyterOnly,
  python,
  readCells,
  recordedCurriculum,
  shown,
} from "./ipynb_jupyter.ts";

Deno.test(
  "exported notebooks validate and run in Jupyter with the Deno kernel",
  await jupyterOnly(),
  async (t) => {
    await Deno.mkdir(".cache", { recursive: true });
    const dir = await Deno.makeTempDir({ dir: ".cache", prefix: "ipynb-test-" });
    try {
      const notebooks = await Promise.all((await recordedCurriculum()).map(loadNotebook));
      const files = await exportNotebooks(notebooks, { to: "ipynb", outDir: join(dir, "export") });
      assert.equal(files.length, notebooks.length);
      const jupyter = join(dir, "jupyter");

      await t.step("nbformat validates every export as nbformat 4.5", async () => {
        const said = await python([
          "-c",
          "import sys, nbformat\n" +
          "for f in sys.argv[1:]:\n" +
          "    nb = nbformat.read(f, as_version=4)\n" +
          "    nbformat.validate(nb)\n" +
          "    assert (nb.nbformat, nb.nbformat_minor) == (4, 5), f\n" +
          "    assert nb.metadata.kernelspec.name == 'deno', f\n" +
          "    print('valid', f)\n",
          ...files,
        ]);
        assert.equal(said.match(/^valid /gm)?.length, files.length, said);
      });

      await t.step("replayed in Jupyter, every cell shows what the export recorded", async () => {
        const ran = join(dir, "replayed");
        await execute(files, ran, jupyter, { NETBOOK_MODE: "replay" });
        const tables = await assertSameOutputs(files, ran);
        assert.ok(tables > 10, `outputs should carry text/html tables (found ${tables})`);
      });

      await t.step("run live in Jupyter, a notebook runs the same commands for real", async () => {
        const ran = join(dir, "live");
        const file = files.find((f) => f.endsWith("03-port-forward.ipynb"))!;
        await execute([file], ran, jupyter);
        const exported = await readCells(file);
        const executed = await readCells(join(ran, "03-port-forward.ipynb"));
        const commands = (cell: Cell | undefined) =>
          shown(cell).displays.map(([text]) => text.split("\n")[0] ?? "").filter((l) =>
            l.startsWith("$ ")
          );
        assert.match(
          shown(executed.find((c) => c.id === "setup")).displays[0]?.[0] ?? "",
          /mode: live/,
        );
        for (const [i, cell] of exported.entries()) {
          if (cell.cell_type !== "code" || cell.id === "setup") continue;
          assert.ok(!executed[i]?.outputs?.some((o) => o.output_type === "error"), cell.id);
          assert.deepEqual(commands(executed[i]), commands(cell), `cell ${cell.id}`);
        }
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);
