/**
 * An exported notebook, as a reader gets it: every diagram is an SVG that nbconvert's HTML shows
 * (the authored ones as attachments of their Markdown cells, the ones cells show as SVG
 * outputs), still after the notebook runs again in Jupyter; and the file names no path of the
 * machine that exported it: moved to another folder, it runs with $NETBOOK_HOME naming the clone,
 * and without it the first cell says what to set.
 */
import assert from "node:assert/strict";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadNotebook } from "../../lib/cli/curriculum.ts";
import { exportNotebooks } from "../../lib/export/export_notebooks.ts";
import { kernelspec } from "../jupyter/kernel_driver.ts";
import { execute, jupyterOnly, python, readCells } from "./ipynb_jupyter.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The diagrams an nbconvert HTML page shows as pictures, and any mermaid left as text. */
function pictures(html: string): { svgs: number; mermaidText: number } {
  const svgs = (html.match(/<img[^>]+src="data:image\/svg\+xml;base64,/g) ?? []).length +
    (html.match(/<svg[\s>]/g) ?? []).length;
  const mermaidText = (html.match(/(?:```mermaid|^\s*flowchart (?:LR|TB))/gm) ?? []).length;
  return { svgs, mermaidText };
}

Deno.test(
  "every diagram of an exported notebook is an SVG in nbconvert's HTML, also after it runs again",
  await jupyterOnly(),
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "netbook-ipynb-svg-" });
    try {
      const [file] = await exportNotebooks([await loadNotebook("notebooks/02-bridge.md")], {
        to: "ipynb",
        outDir: join(dir, "export"),
      });
      assert.ok(file);
      const exported = await readCells(file);
      const diagrams = exported.filter((c) =>
        (c as { attachments?: unknown }).attachments !== undefined
      ).length + exported.flatMap((c) => c.outputs ?? [])
        .filter((o) => (o as { data?: Record<string, unknown> }).data?.["image/svg+xml"]).length;
      assert.ok(diagrams >= 3, `02's diagrams as SVG in the export: ${diagrams}`);

      const ran = join(dir, "ran");
      await execute([file], ran, join(dir, "jupyter"), { NETBOOK_MODE: "replay" });
      const env = await kernelspec(join(dir, "jupyter"));
      await python([
        "-m",
        "nbconvert",
        "--to",
        "html",
        "--output-dir",
        join(dir, "html"),
        join(ran, "02-bridge.ipynb"),
      ], env);
      const page = pictures(await Deno.readTextFile(join(dir, "html", "02-bridge.html")));
      assert.equal(page.mermaidText, 0, "no diagram left as mermaid source");
      assert.ok(
        page.svgs >= diagrams,
        `${page.svgs} SVGs shown after running again, ${diagrams} exported`,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test(
  "an exported notebook names no path of the exporting machine; moved, it runs with NETBOOK_HOME",
  await jupyterOnly(),
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "netbook-ipynb-move-" });
    try {
      const [file] = await exportNotebooks([await loadNotebook("notebooks/01-netns-veth.md")], {
        to: "ipynb",
        outDir: join(dir, "export"),
      });
      assert.ok(file);
      const text = await Deno.readTextFile(file);
      // No absolute path (a path relative to the notebook's folder is fine: it moves with it).
      for (const path of [`"${ROOT}`, `\\"${ROOT}`, `"${homedir()}`, "file:///"]) {
        assert.ok(!text.includes(path), `the export names ${path}`);
      }
      // Another folder, deeper: the path it was exported with no longer leads to netbook.
      const moved = join(dir, "elsewhere", "deeper", "01-netns-veth.ipynb");
      await Deno.mkdir(join(dir, "elsewhere", "deeper"), { recursive: true });
      await Deno.copyFile(file, moved);
      await execute([moved], join(dir, "ran"), join(dir, "jupyter"), {
        NETBOOK_MODE: "replay",
        NETBOOK_HOME: ROOT,
      });
      const cells = await readCells(join(dir, "ran", "01-netns-veth.ipynb"));
      const setup = JSON.stringify(cells.find((c) => c.id === "setup")?.outputs);
      assert.match(setup, /mode: replay/);
      // Without NETBOOK_HOME, the first cell says what to do.
      const failed = await execute([moved], join(dir, "ran2"), join(dir, "jupyter"), {
        NETBOOK_MODE: "replay",
      }).then(() => "", (e) => String(e));
      assert.match(failed, /Set NETBOOK_HOME to the folder of your netbook/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);
