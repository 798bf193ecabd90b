import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { exportHtmlSite } from "../../lib/export/html_site.ts";
import { buildSearchIndex, snippet } from "../../lib/export/search_index.ts";
import { searchTokens } from "../../lib/export/search_tokens.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { dataPath, readData } from "../support.ts";

async function replay(name: string, edit?: (text: string) => string) {
  const text = await readData(name);
  const notebook = parseNotebook(edit ? edit(text) : text, dataPath(name));
  return await runNotebook(notebook, { mode: "replay" });
}

async function tempDir() {
  const dir = await Deno.makeTempDir({ prefix: "netbook-site-" });
  const bundle = join(dir, "fake-mermaid.js");
  await Deno.writeTextFile(bundle, "window.mermaid = undefined; // a stand-in\n");
  return {
    dir,
    bundle,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

const SITE = [
  "style.css",
  "site.js",
  "mermaid.min.js",
  "index.html",
  "search-index.js",
];

Deno.test("the site: index, a page per notebook, sources, stylesheet, scripts, search index", async () => {
  await using tmp = await tempDir();
  const runs = [await replay("topology_lab.md"), await replay("inspect_lab.md")];
  const outDir = join(tmp.dir, "site");
  const written = await exportHtmlSite(runs, { outDir, mermaidBundle: tmp.bundle });
  const names = [
    ...SITE.slice(0, 3),
    "src/topology_lab.md",
    "topology_lab.html",
    "src/inspect_lab.md",
    "inspect_lab.html",
    ...SITE.slice(3),
  ];
  assert.deepEqual(written, names.map((n) => join(outDir, n)));
  assert.deepEqual((await readdir(tmp.dir)).sort(), ["fake-mermaid.js", "site"]);
  const first = await readFile(join(outDir, "topology_lab.html"), "utf8");
  assert.match(first, /<a class="nb-next" rel="next" href="inspect_lab.html">/);
  assert.ok(!first.includes('rel="prev"'));
  // The diagram is drawn in the page: its source travels with it, and mermaid's bundle is loaded.
  assert.match(first, /<figure class="nb-diagram" data-source="flowchart LR/);
  assert.match(first, /<script src="mermaid.min.js" defer><\/script>/);
  assert.doesNotMatch(first, /<script>/, "no inline script");
  assert.equal(
    await readFile(join(outDir, "src/topology_lab.md"), "utf8"),
    await readData("topology_lab.md"),
  );
  assert.match(first, /<a class="nb-source" href="src\/topology_lab.md">/);
  const css = await readFile(join(outDir, "style.css"), "utf8");
  assert.match(css, /prefers-color-scheme: dark/);
  assert.ok(!/url\(\s*["']?(https?:)?\/\//.test(css), "the stylesheet fetches nothing");
});

Deno.test("a failing export writes nothing: no folder, no files, no leftovers", async () => {
  await using tmp = await tempDir();
  const runs = [await replay("topology_lab.md")];
  const outDir = join(tmp.dir, "site");
  await assert.rejects(
    exportHtmlSite(runs, { outDir, mermaidBundle: join(tmp.dir, "missing.js") }),
    /missing\.js/,
  );
  assert.deepEqual(await readdir(tmp.dir), ["fake-mermaid.js"]);
});

Deno.test("two notebooks that would share a page are an error, before anything is written", async () => {
  await using tmp = await tempDir();
  const run = await replay("topology_lab.md");
  const outDir = join(tmp.dir, "site");
  await assert.rejects(
    exportHtmlSite([run, run], { outDir, mermaidBundle: tmp.bundle }),
    /two notebooks would both be written as topology_lab.html/,
  );
  assert.deepEqual(await readdir(tmp.dir), ["fake-mermaid.js"]);
});

Deno.test("a second language gets a folder of its own, its own index and search, and a switch", async () => {
  await using tmp = await tempDir();
  const en = await replay("topology_lab.md");
  const zh = await replay(
    "topology_lab.md",
    (t) =>
      t.replace(/^---\n/, "---\nlang: zh\n").replace(/^title: .*$/m, 'title: "实验室的拓扑"') +
      "\n## 网络命名空间\n\n每个网络命名空间都有自己的路由表。\n",
  );
  const outDir = join(tmp.dir, "site");
  await exportHtmlSite([en, zh], { outDir, mermaidBundle: tmp.bundle });
  assert.deepEqual((await readdir(join(outDir, "zh"))).sort(), [
    "index.html",
    "search-index.js",
    "src",
    "topology_lab.html",
  ]);
  const page = await readFile(join(outDir, "zh/topology_lab.html"), "utf8");
  assert.match(page, /<html lang="zh-CN"[ >]/);
  assert.match(page, /<link rel="stylesheet" href="..\/style.css">/);
  assert.match(page, /<a href="..\/topology_lab.html" hreflang="en" lang="en">English<\/a>/);
  const enPage = await readFile(join(outDir, "topology_lab.html"), "utf8");
  assert.match(enPage, /<a href="zh\/topology_lab.html" hreflang="zh-CN" lang="zh-CN">中文<\/a>/);
  const index = await readFile(join(outDir, "zh/search-index.js"), "utf8");
  assert.match(index, /"命名"/, "Chinese is indexed by pairs of characters");
});

Deno.test("search tokens: Latin words whole and in parts, Chinese in pairs of characters", () => {
  assert.deepEqual(searchTokens("Ping 10.244.1.2 via flannel.1"), [
    "ping",
    "10.244.1.2",
    "10",
    "244",
    "1",
    "2",
    "via",
    "flannel.1",
    "flannel",
    "1",
  ]);
  assert.deepEqual(searchTokens("网络模型"), ["网络", "络模", "模型"]);
  assert.deepEqual(searchTokens("pod的IP"), ["pod", "的", "ip"]);
  const index = buildSearchIndex([
    { page: "a.html", anchor: "", title: "A", text: "网络命名空间 and veth pairs" },
    { page: "b.html", anchor: "x", title: "B", text: "bridges" },
  ]);
  assert.deepEqual(index.terms["命名"], [0, 1]);
  assert.deepEqual(index.terms["bridges"], [1, 1]);
});

Deno.test("a search result's snippet reads as plain words, cut after a whole word", () => {
  assert.equal(
    snippet("Its settings:\n- `id 1`: the **VNI**, see [notebook 06](06-x.html)\n2. `nolearning`"),
    "Its settings: id 1: the VNI, see notebook 06 nolearning",
  );
  const long = snippet("flannel ".repeat(40));
  assert.ok(long.length <= 161 && long.endsWith("flannel…"), long);
  assert.equal(
    buildSearchIndex([{ page: "a.html", anchor: "", title: "A", text: "`x`" }]).docs[0]?.s,
    "x",
  );
});
