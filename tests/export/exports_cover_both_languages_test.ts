/**
 * The exports cover the curriculum in both languages: Markdown and Jupyter write a translation
 * into a folder of its language (`zh/`) beside its original, so neither overwrites the other, and
 * an export of everything takes the Chinese notebooks and pages along; every HTML page switches
 * language, to its twin or, without one, to the other language's index.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { curriculumPaths, notebooksDir } from "../../lib/cli/curriculum.ts";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { exportNotebooks } from "../../lib/export/export_notebooks.ts";
import { exportHtmlSite } from "../../lib/export/html_site.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { chineseTwin, dataPath, denoTask, readData } from "../support.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function setUp() {
  const dir = await Deno.makeTempDir({ prefix: "netbook-zh-export-" });
  await Deno.mkdir(join(dir, "nb", "zh"), { recursive: true });
  const en = join(dir, "nb", "exercises.md");
  const zh = join(dir, "nb", "zh", "exercises.md");
  await Deno.copyFile(dataPath("exercises.md"), en);
  await Deno.copyFile(
    dataPath("exercises.fixture.json"),
    join(dir, "nb", "exercises.fixture.json"),
  );
  await Deno.writeTextFile(zh, chineseTwin(await readData("exercises.md")));
  const load = async (p: string) => parseNotebook(await Deno.readTextFile(p), p);
  return {
    dir,
    notebooks: [await load(en), await load(zh)],
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

Deno.test("Markdown and Jupyter exports write a translation into zh/ beside its original", async () => {
  await using t = await setUp();
  const md = join(t.dir, "md");
  await exportNotebooks(t.notebooks, { to: "md", outDir: md });
  const enMd = await readFile(join(md, "exercises.md"), "utf8");
  const zhMd = await readFile(join(md, "zh", "exercises.md"), "utf8");
  assert.match(enMd, /A namespace to start from\./);
  assert.match(zhMd, /先有一个网络命名空间。/);
  assert.match(zhMd, /尚未解决/, "the check's verdict in Chinese");
  assert.match(zhMd, /\$ ip netns add blue/, "the same recorded commands");

  const ipynb = join(t.dir, "ipynb");
  await exportNotebooks(t.notebooks, { to: "ipynb", outDir: ipynb });
  const en = JSON.parse(await readFile(join(ipynb, "exercises.ipynb"), "utf8"));
  const zh = JSON.parse(await readFile(join(ipynb, "zh", "exercises.ipynb"), "utf8"));
  const text = (nb: { cells: { cell_type: string; source: string[] }[] }, kind: string) =>
    nb.cells.filter((c) => c.cell_type === kind).map((c) => c.source.join("")).join("\n");
  assert.match(text(zh, "markdown"), /先有一个网络命名空间。/);
  assert.doesNotMatch(text(en, "markdown"), /网络命名空间/);
  // The same code cells (but the learner's own, which holds only a comment in the notebook's
  // language), and each finds mod.ts from its own folder.
  const cells = (nb: { cells: { cell_type: string; source: string[]; id?: string }[] }) =>
    nb.cells.filter((c) => c.cell_type === "code" && c.id !== "setup" && !c.id?.startsWith("try-"))
      .map((c) => c.source.join(""));
  assert.deepEqual(cells(zh), cells(en));
  for (const [nb, dir] of [[en, ipynb], [zh, join(ipynb, "zh")]] as const) {
    const setup = nb.cells.find((c: { id?: string }) => c.id === "setup").source.join("");
    const from = /: new URL\("([^"]+)", `file:\/\/\$\{Deno\.cwd\(\)\}\/`\)/.exec(setup)?.[1];
    assert.ok(from, setup);
    assert.equal(resolve(dir, from), join(ROOT, "mod.ts"));
  }
});

Deno.test("every HTML page switches language: to its twin, or to the other language's index", async () => {
  await using t = await setUp();
  const runs = await Promise.all(t.notebooks.map((nb) => runNotebook(nb, { mode: "replay" })));
  const glossary = await runNotebook(
    parseNotebook(
      "---\ntitle: 中英术语表\nlang: zh\n---\n\n网络命名空间：network namespace\n",
      join(t.dir, "nb", "zh", "glossary.md"),
    ),
    { mode: "replay" },
  );
  const bundle = join(t.dir, "fake-mermaid.js");
  await Deno.writeTextFile(bundle, "window.mermaid = undefined; // a stand-in\n");
  const outDir = join(t.dir, "site");
  await exportHtmlSite(runs, { outDir, extras: [glossary], mermaidBundle: bundle });
  const page = (p: string) => readFile(join(outDir, p), "utf8");
  assert.match(
    await page("zh/exercises.html"),
    /<a href="..\/exercises.html" hreflang="en" lang="en">English<\/a>/,
  );
  assert.match(
    await page("exercises.html"),
    /<a href="zh\/exercises.html" hreflang="zh-CN" lang="zh-CN">中文<\/a>/,
  );
  assert.match(await page("zh/glossary.html"), /<html lang="zh-CN"[ >]/);
  // The words around a Chinese notebook are Chinese; around an English one, English.
  const zhPage = await page("zh/exercises.html");
  for (
    const words of ["目录", "学习目标", "本页的输出来自", "自己运行：<code>deno task notebook"]
  ) {
    assert.ok(zhPage.includes(words), words);
  }
  for (const words of ["Contents", "Objectives", "The outputs on this page"]) {
    assert.ok(!zhPage.includes(`>${words}`) && !zhPage.includes(`${words} `), words);
  }
  const enPage = await page("exercises.html");
  assert.match(enPage, /<h2>Objectives<\/h2>/);
  assert.match(enPage, /Run it yourself: <code>deno task notebook/);
  assert.match(
    await page("zh/index.html"),
    /<title>netbook：动手学习容器与 Kubernetes 网络<\/title>/,
  );
  assert.match(
    await page("zh/glossary.html"),
    /<a href="..\/index.html" hreflang="en" lang="en">English<\/a>/,
  );
  assert.match(
    await page("zh/index.html"),
    /<a href="..\/index.html" hreflang="en" lang="en">English<\/a>/,
  );
  assert.match(
    await page("index.html"),
    /<a href="zh\/index.html" hreflang="zh-CN" lang="zh-CN">中文<\/a>/,
  );
});

Deno.test("deno task export of everything takes the Chinese notebooks and pages along", async () => {
  await Deno.mkdir(join(ROOT, ".cache"), { recursive: true });
  const dir = await Deno.makeTempDir({ dir: join(ROOT, ".cache"), prefix: "export-zh-" });
  try {
    const r = await denoTask("export", "--to", "md", "--out", dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const path of await curriculumPaths()) {
      assert.ok((await Deno.stat(join(dir, basename(path)))).isFile, path);
    }
    const zh = [...await curriculumPaths("zh")];
    for await (const e of Deno.readDir(notebooksDir("zh"))) {
      if (e.isFile && e.name.endsWith(".md") && !/^\d\d-/.test(e.name)) zh.push(e.name);
    }
    for (const path of zh) {
      const text = await readFile(join(dir, "zh", basename(path)), "utf8");
      assert.match(text, /\p{Script=Han}/u, `${path} is exported in Chinese`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
