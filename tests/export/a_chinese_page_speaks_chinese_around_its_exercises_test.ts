/**
 * The words a page adds around a notebook are in the notebook's language: a Chinese notebook's
 * exercise, hints, folded check, solution and answer, the question, the copy and full-size
 * buttons, and what the site's script writes (carried on <html>, since pages allow no inline
 * script); the English page stays English.
 */
import assert from "node:assert/strict";
import { renderPage } from "../../lib/export/html_page.ts";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { dataPath, readData, replayFile } from "../support.ts";

/** The test notebook, said to be Chinese (same cells: it replays the same recording). */
async function chineseRun() {
  const text = (await readData("exercises.md")).replace("---\n", "---\nlang: zh\n");
  return runNotebook(parseNotebook(text, dataPath("exercises.md")), { mode: "replay" });
}

Deno.test("a Chinese notebook's page says 练习, 提示 1, 复制 and the rest in Chinese", async () => {
  const run = await chineseRun();
  assert.equal(run.notebook.meta.lang, "zh");
  const html = renderPage(run, { svgs: new Map(), index: "index.html" });
  for (
    const words of [
      '<h3 id="exercise-blue-address">练习：Give blue an address',
      'aria-label="链接到这个练习"',
      "<summary>提示 1</summary>",
      "<summary>提示 2</summary>",
      '<p class="nb-try">在终端里试试：<code>deno task lab',
      "<summary>blue-address 的检查如何判断实验环境</summary>",
      "<summary>blue-address 的参考答案（及其前后的检查）</summary>",
      "<summary>答案</summary>",
      '<p class="nb-question-head">预测输出</p>',
      'aria-label="复制这条命令">复制</button>',
      'data-nb-copied="已复制"',
      'data-nb-copy-failed="复制失败"',
      'data-nb-no-match="没有匹配的结果。"',
      'data-nb-full-size="原始大小"',
      'placeholder="搜索笔记本…"',
      'aria-label="笔记本"',
    ]
  ) assert.ok(html.includes(words), words);
  for (
    const words of [">Hint 1<", "Try it in a terminal", "Exercise:", ">Copy<", ">Answer<"]
  ) assert.ok(!html.includes(words), words);
});

Deno.test("an English notebook's page keeps its words English", async () => {
  const run = await replayFile("tests/data/exercises.md");
  const html = renderPage(run, { svgs: new Map(), index: "index.html" });
  for (
    const words of [
      "Exercise: Give blue an address",
      "<summary>Hint 1</summary>",
      '<p class="nb-try">Try it in a terminal: <code>deno task lab',
      'aria-label="Copy the command">Copy</button>',
      'data-nb-copied="Copied"',
      'data-nb-no-match="No match."',
      '<p class="nb-question-head">Predict the output</p>',
    ]
  ) assert.ok(html.includes(words), words);
  assert.doesNotMatch(html, /提示|复制|练习/);
});
