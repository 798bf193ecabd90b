/**
 * What an .ipynb export adds around a notebook is in the notebook's language: the note on the
 * cell frames, the mode line and the kernel's warning, the capture's download line, the cell
 * where the learner tries an exercise and the replayed check's note. The English notebook keeps
 * English. (07 has a capture and exercises; its Chinese twin replays the same recording.)
 */
import assert from "node:assert/strict";
import { toIpynb } from "../../lib/export/to_ipynb.ts";
import { replayFile } from "../support.ts";

async function exported(path: string): Promise<string> {
  const run = await replayFile(path);
  const ipynb = toIpynb(run, { modImport: "../mod.ts", notebookPath: path });
  // Sources and outputs alike; the words looked for hold no character JSON would escape.
  return JSON.stringify(ipynb.cells);
}

const CHINESE = [
  "每个代码单元格以 `await nb.cell(",
  "模式：replay",
  "注意：在 Jupyter 里，单元格运行在拥有全部权限的 Deno 内核中",
  "字节）：tcpdump 写下的这些数据包",
  "// 轮到你了：用命令改动实验环境",
  "没有实验环境可以评判",
];
const ENGLISH = [
  "Each code cell starts with `await nb.cell(",
  "mode: replay",
  "note: in Jupyter, cells run in Deno's kernel with every permission",
  "bytes): these packets as tcpdump wrote them",
  "// Your turn: change the lab with commands",
  "so there is no lab to judge",
];

Deno.test("a Chinese notebook's Jupyter export frames, warns and links in Chinese", async () => {
  const text = await exported("notebooks/zh/07-flannel-vxlan.md");
  for (const words of CHINESE) assert.ok(text.includes(words), words);
  for (const words of ENGLISH) assert.ok(!text.includes(words), `no English: ${words}`);
});

Deno.test("an English notebook's Jupyter export keeps its words English", async () => {
  const text = await exported("notebooks/07-flannel-vxlan.md");
  for (const words of ENGLISH) assert.ok(text.includes(words), words);
  for (const words of CHINESE) assert.ok(!text.includes(words), `no Chinese: ${words}`);
});
