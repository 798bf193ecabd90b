/**
 * The Markdown export's own words (the intro, the exercise and its hints, folded checks,
 * solutions and answers, the question, a cell's note) are in the notebook's language.
 */
import assert from "node:assert/strict";
import { toMarkdown } from "../../lib/export/to_markdown.ts";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { dataPath, readData, replayFile } from "../support.ts";

Deno.test("a Chinese notebook's Markdown export says 提示 1, 在终端里试试 and the rest in Chinese", async () => {
  const text = (await readData("exercises.md")).replace("---\n", "---\nlang: zh\n");
  const md = toMarkdown(
    await runNotebook(parseNotebook(text, dataPath("exercises.md")), { mode: "replay" }),
  );
  for (
    const words of [
      "在这篇笔记本里，你将会：",
      "**练习 blue-address：Give blue an address**",
      "<details><summary>提示 1</summary>",
      "在终端里试试：`deno task lab",
      "（在那里可用 `check`、`hint`、`solution`）。",
      "<details><summary>blue-address 的检查如何判断实验环境</summary>",
      "<details><summary>答案</summary>",
      "**预测输出（lo-count）**",
    ]
  ) assert.ok(md.includes(words), words);
  for (const words of ["Hint 1", "Try it in a terminal", "In this notebook", "Answer<"]) {
    assert.ok(!md.includes(words), words);
  }
});

Deno.test("an English notebook's Markdown export keeps its words English", async () => {
  const md = toMarkdown(await replayFile("tests/data/exercises.md"));
  for (
    const words of [
      "In this notebook you will:",
      "**Exercise blue-address: Give blue an address**",
      "<details><summary>Hint 1</summary>",
      "Try it in a terminal: `deno task lab",
      "**Predict the output (lo-count)**",
    ]
  ) assert.ok(md.includes(words), words);
  assert.doesNotMatch(md, /提示|练习/);
});
