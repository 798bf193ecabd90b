/**
 * What the runtime says around a notebook comes from one catalogue, in Chinese when the notebook
 * is Chinese, when `--lang zh` is given, or when the locale says zh; `--lang zh` lists the
 * Chinese curriculum, and `zh/NN` names one of its notebooks.
 */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { curriculumPaths } from "../../lib/cli/curriculum.ts";
import { findNotebook } from "../../lib/cli/find_notebook.ts";
import { localeLang } from "../../lib/i18n/messages.ts";
import { chineseTwin, dataPath, denoTaskIn, readData } from "../support.ts";

async function setUp() {
  const dir = await Deno.makeTempDir({ prefix: "netbook-zh-cli-" });
  await Deno.mkdir(join(dir, "zh"));
  await Deno.copyFile(dataPath("exercises.md"), join(dir, "exercises.md"));
  await Deno.copyFile(dataPath("exercises.fixture.json"), join(dir, "exercises.fixture.json"));
  await Deno.writeTextFile(
    join(dir, "zh", "exercises.md"),
    chineseTwin(await readData("exercises.md")),
  );
  return {
    en: join(dir, "exercises.md"),
    zh: join(dir, "zh", "exercises.md"),
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

/** The words a run says around its notebook, in Chinese. */
function assertChinese(out: string) {
  assert.match(out, /^你将会：$/m);
  // The reason too: planning gives it as data, and the run says it in the notebook's language.
  assert.match(out, /^模式：replay — 按要求：结果来自录制$/m);
  assert.match(out, /── 练习 blue-address：Give blue an address ──/);
  assert.match(
    out,
    /自己动手试试：deno task lab \S+ --exercise\s+blue-address\s*（那里有 3 条提示/,
  );
  assert.match(out, /── 预测输出（lo-count） ──/);
  assert.match(out, /── 小结 ─+/);
  assert.match(out, /✓ 运行了 \d+ 个单元格，用时 [\d.]+ 秒（replay）/);
  for (
    const english of ["You will:", "mode: ", "as asked", "── recap", "cells ran", "Try it yourself"]
  ) {
    assert.ok(!out.includes(english), `"${english}" in:\n${out}`);
  }
}

Deno.test("a Chinese notebook replays from its original's recording, with Chinese around it", async () => {
  await using t = await setUp();
  const r = await denoTaskIn({}, "notebook", "--mode", "replay", t.zh);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^练习$/m);
  assert.match(r.stdout, /先有一个网络命名空间。/);
  assertChinese(r.stdout);
  // What the exercise's check, hint and question say around their findings, from the cell process.
  assert.match(r.stdout, /^✗ blue-address：尚未解决（参考答案运行之前的实验环境）$/m);
  assert.match(r.stdout, /^blue-address 的提示，来自实验环境的当前状态：/m);
  assert.match(r.stdout, /^✓ blue-address：已解决（参考答案运行之后）$/m);
  assert.match(r.stdout, /^实验环境给出的是：1$/m);
});

Deno.test("the same notebook in English speaks English, and Chinese with --lang zh or a zh locale", async () => {
  await using t = await setUp();
  const en = await denoTaskIn({}, "notebook", "--mode", "replay", t.en);
  assert.equal(en.code, 0, en.stdout + en.stderr);
  assert.match(en.stdout, /^You will:$/m);
  assert.match(en.stdout, /^mode: replay — as asked: answers come from the recording$/m);
  assert.match(en.stdout, /✓ \d+ cells ran in [\d.]+s \(replay\)/);
  const flag = await denoTaskIn({}, "notebook", "--lang", "zh", "--mode", "replay", t.en);
  assert.equal(flag.code, 0, flag.stdout + flag.stderr);
  assertChinese(flag.stdout);
  const locale = await denoTaskIn({ LANG: "zh_CN.UTF-8" }, "notebook", "--mode", "replay", t.en);
  assert.equal(locale.code, 0, locale.stdout + locale.stderr);
  assertChinese(locale.stdout);
  // --lang wins over the locale and over the notebook's own language.
  const back = await denoTaskIn(
    { LC_ALL: "zh_TW.UTF-8" },
    "notebook",
    "--lang",
    "en",
    "--mode",
    "replay",
    t.zh,
  );
  assert.equal(back.code, 0, back.stdout + back.stderr);
  assert.match(back.stdout, /^You will:$/m);
});

Deno.test("help, errors and suggestions follow the language", async () => {
  const help = await denoTaskIn({}, "notebook", "--lang", "zh", "--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^用法：/);
  assert.match(help.stdout, /deno task notebook NOTEBOOK +运行一篇笔记本/);
  const typo = await denoTaskIn({ LC_MESSAGES: "zh_CN.UTF-8" }, "notebook", "brige");
  assert.equal(typo.code, 1);
  assert.match(
    typo.stdout,
    /netbook: 没有笔记本 brige；你是不是想用 notebooks\/02-bridge\.md？（运行 `deno task notebook` 列出全部）/,
  );
  const option = await denoTaskIn({ LANG: "zh_CN.UTF-8" }, "notebook", "--mod", "replay", "01");
  assert.equal(option.code, 2);
  assert.match(option.stdout, /没有选项 --mod；你是不是想用 --mode？/);
  assert.match(option.stdout, /^用法：/m);
  const lang = await denoTaskIn({}, "notebook", "--lang", "fr");
  assert.equal(lang.code, 2);
  assert.match(lang.stdout, /--lang must be one of en, zh, not "fr"/);
});

Deno.test("doctor speaks the locale's language", async () => {
  const r = await denoTaskIn({ LANG: "zh_CN.UTF-8" }, "doctor");
  assert.match(r.stdout, /^netns 实验环境：/m);
  assert.match(r.stdout, /^笔记本可以使用的功能，按用途分组$/m);
  assert.match(r.stdout, /^导出$/m);
  assert.match(r.stdout, /本机(可以实时运行|暂时无法实时运行)/);
});

Deno.test("the locale is LC_ALL, else LC_MESSAGES, else LANG; an empty one is unset", () => {
  const env = (vars: Record<string, string>) => ({ get: (k: string) => vars[k] });
  assert.equal(localeLang(env({ LANG: "zh_CN.UTF-8" })), "zh");
  assert.equal(localeLang(env({ LANG: "zh_CN.UTF-8", LC_ALL: "C.UTF-8" })), "en");
  assert.equal(localeLang(env({ LANG: "en_US.UTF-8", LC_MESSAGES: "zh_TW" })), "zh");
  assert.equal(localeLang(env({ LC_ALL: "", LANG: "zh_SG.UTF-8" })), "zh");
  assert.equal(localeLang(env({})), "en");
});

Deno.test("--lang zh lists the Chinese curriculum, and zh/NN names one of its notebooks", async () => {
  const r = await denoTaskIn({}, "notebook", "--lang", "zh");
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^netbook：动手学习容器与 Kubernetes 网络$/m);
  assert.doesNotMatch(r.stdout, /✓ finished|exercises: \d/, "progress is said in Chinese");
  const zh = await curriculumPaths("zh");
  for (const path of zh) {
    assert.ok(r.stdout.includes(`deno task notebook ${path}`), `${path} is not listed`);
    const number = basename(path).slice(0, 2);
    assert.equal(await findNotebook(`zh/${number}`), path);
    assert.equal(await findNotebook(number, "zh"), path);
    assert.equal(await findNotebook(path), path);
  }
  for (const path of await curriculumPaths()) {
    assert.ok(!r.stdout.includes(`deno task notebook ${path}\n`), `${path} is in the Chinese list`);
  }
  await assert.rejects(findNotebook("zh/99"), /没有笔记本 zh\/99/);
});
