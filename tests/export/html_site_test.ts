import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { exportHtmlSite } from "../../lib/export/html_site.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { dataPath, readData } from "../support.ts";

async function replay(name: string) {
  const notebook = parseNotebook(await readData(name), dataPath(name));
  return await runNotebook(notebook, { mode: "replay" });
}

async function tempDir() {
  const dir = await Deno.makeTempDir({ prefix: "netbook-site-" });
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

/** Draws every diagram as a tiny SVG and counts what it was asked. */
function fakeRenderer() {
  const asked: string[] = [];
  return {
    asked,
    render: (source: string) => {
      asked.push(source);
      return Promise.resolve(`<svg id="fake"><text>${asked.length}</text></svg>`);
    },
  };
}

const failingRenderer = {
  render: () => Promise.reject(new Error("mermaid could not render the diagram")),
};

Deno.test("the site is an index, a page per notebook and the stylesheet; nothing else", async () => {
  await using tmp = await tempDir();
  const runs = [await replay("topology_lab.md"), await replay("inspect_lab.md")];
  const renderer = fakeRenderer();
  const outDir = join(tmp.dir, "site");
  const written = await exportHtmlSite(runs, { outDir, renderer });
  const names = ["style.css", "index.html", "topology_lab.html", "inspect_lab.html"];
  assert.deepEqual(written, names.map((n) => join(outDir, n)));
  assert.deepEqual((await readdir(outDir)).sort(), [...names].sort());
  assert.deepEqual(await readdir(tmp.dir), ["site"], "no temporary folder left beside it");
  assert.equal(renderer.asked.length, 2, "each lab's topology, drawn once");
  const first = await readFile(join(outDir, "topology_lab.html"), "utf8");
  assert.match(first, /<a class="nb-next" rel="next" href="inspect_lab.html">/);
  assert.ok(!first.includes('rel="prev"'));
  assert.match(first, /<figure class="nb-diagram"><svg id="d1-fake">/);
  const css = await readFile(join(outDir, "style.css"), "utf8");
  assert.match(css, /prefers-color-scheme: dark/);
  assert.ok(!/url\(\s*["']?(https?:)?\/\//.test(css), "the stylesheet fetches nothing");
});

Deno.test("a failing export writes nothing: no folder, no files, no leftovers", async () => {
  await using tmp = await tempDir();
  const runs = [await replay("topology_lab.md")];
  const outDir = join(tmp.dir, "site");
  await assert.rejects(
    exportHtmlSite(runs, { outDir, renderer: failingRenderer }),
    /mermaid could not render the diagram/,
  );
  assert.deepEqual(await readdir(tmp.dir), []);
});

Deno.test("a failing export leaves the site already there as it was", async () => {
  await using tmp = await tempDir();
  const runs = [await replay("topology_lab.md")];
  const outDir = join(tmp.dir, "site");
  await exportHtmlSite(runs, { outDir, renderer: fakeRenderer() });
  const before = await readFile(join(outDir, "topology_lab.html"), "utf8");
  await assert.rejects(exportHtmlSite([...runs, await replay("inspect_lab.md")], {
    outDir,
    renderer: failingRenderer,
  }));
  assert.deepEqual((await readdir(outDir)).sort(), [
    "index.html",
    "style.css",
    "topology_lab.html",
  ]);
  assert.equal(await readFile(join(outDir, "topology_lab.html"), "utf8"), before);
  assert.deepEqual(await readdir(tmp.dir), ["site"]);
});

Deno.test("two notebooks that would share a page are an error, before anything is written", async () => {
  await using tmp = await tempDir();
  const run = await replay("topology_lab.md");
  const outDir = join(tmp.dir, "site");
  await assert.rejects(
    exportHtmlSite([run, run], { outDir, renderer: fakeRenderer() }),
    /two notebooks would both be written as topology_lab.html/,
  );
  assert.deepEqual(await readdir(tmp.dir), []);
});
