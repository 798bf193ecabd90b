/**
 * The terminal measures East Asian wide characters as two columns: a table with Chinese in a
 * cell keeps its columns, a diagram with a Chinese label keeps its box edges aligned, Chinese
 * prose wraps between characters (never before a closing mark) to fill its width, and a line of
 * code with Chinese in it stays inside its gutter.
 */
import assert from "node:assert/strict";
import { stripVTControlCharacters } from "node:util";
import { cellToTerminal } from "../../lib/cli/terminal_output.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { markdownToTerminal } from "../../lib/render/markdown_terminal.ts";
import { mermaidToTerminal } from "../../lib/render/mermaid_terminal.ts";
import { makeStyle } from "../../lib/render/style.ts";
import { textWidth } from "../../lib/render/text_width.ts";
import { wrapColumns } from "../../lib/render/wrap_columns.ts";

const plain = makeStyle(false);
const colour = makeStyle(true);

/** The display column at which `needle` starts in `line` (wide characters count two). */
function columnOf(line: string | undefined, needle: string): number {
  assert.ok(line !== undefined, `no line to find "${needle}" in`);
  const at = line.indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is not in ${JSON.stringify(line)}`);
  return textWidth(line.slice(0, at));
}

Deno.test("wide characters take two columns, marks none, colours none", () => {
  assert.equal(textWidth("网络命名空间"), 12);
  assert.equal(textWidth("服务（Service）"), 4 + 2 + 7 + 2);
  assert.equal(textWidth("e\u0301"), 1);
  assert.equal(textWidth(colour.bold("网桥")), 4);
  assert.equal(textWidth("ｖｅｔｈ"), 8);
});

Deno.test("a table with Chinese in its cells keeps its columns", () => {
  const md = [
    "| 术语 | English | 说明 |",
    "| --- | --- | --- |",
    "| 网络命名空间 | network namespace | 一份私有的网络协议栈副本，有自己的接口、地址、路由和 ARP 表，刚创建时只有 lo |",
    "| 网桥 | bridge | 内核里的交换机 |",
  ].join("\n");
  for (const style of [plain, colour]) {
    for (const width of [60, 80]) {
      const lines = markdownToTerminal(md, { width, style }).split("\n")
        .map((l) => stripVTControlCharacters(l));
      for (const l of lines) assert.ok(textWidth(l) <= width, `${textWidth(l)} > ${width}: ${l}`);
      const english = columnOf(lines[0], "English");
      const notes = columnOf(lines[0], "说明");
      assert.equal(
        columnOf(lines.find((l) => l.includes("network namespace"))!, "network"),
        english,
      );
      assert.equal(columnOf(lines.find((l) => l.includes("一份"))!, "一份"), notes);
      assert.equal(columnOf(lines.find((l) => l.includes("bridge"))!, "bridge"), english);
      assert.equal(columnOf(lines.find((l) => l.includes("内核"))!, "内核"), notes);
      // The cell that wraps goes on in its own column.
      const after = lines.slice(
        lines.findIndex((l) => l.includes("一份")) + 1,
        lines.findIndex((l) => l.includes("网桥")),
      )
        .filter((l) => l.trim());
      assert.ok(after.length > 0, lines.join("\n"));
      for (const l of after) assert.equal(textWidth(l) - textWidth(l.trimStart()), notes, l);
    }
  }
});

Deno.test("a diagram with Chinese labels draws boxes whose edges line up", () => {
  const source = [
    "flowchart LR",
    "  subgraph c[命名空间 client]",
    "    a[veth-client 10.0.0.11]",
    "  end",
    "  subgraph s[命名空间 server]",
    "    b[veth-server 10.0.0.12]",
    "  end",
    "  a ---|veth 设备对| b",
  ].join("\n");
  const art = mermaidToTerminal(source, { width: 80, style: plain });
  const lines = art.split("\n");
  assert.ok(lines.some((l) => l.includes("命名空间 client")), art);
  const boxes: string[][] = [];
  for (const l of lines) {
    if (l.startsWith("┌")) boxes.push([]);
    if (boxes.length && /^[┌│└]/.test(l)) boxes.at(-1)!.push(l);
  }
  assert.equal(boxes.length, 2, art);
  for (const box of boxes) {
    const widths = box.map(textWidth);
    assert.ok(widths.every((w) => w === widths[0]), `${widths.join(",")}\n${art}`);
    assert.match(box[0] ?? "", /┐$/);
    assert.match(box.at(-1)!, /┘$/);
    for (const l of box.slice(1, -1)) assert.match(l, /│$/);
  }
});

Deno.test("Chinese prose wraps between characters to fill the line, never before a closing mark", () => {
  const text =
    "容器并不会凭空得到一张属于自己的网络。Linux 给它的是一个网络命名空间（network namespace）：一份私有的网络协议栈副本，有自己的接口、地址、路由和 ARP 表。命名空间刚创建时与外界完全隔绝。";
  for (const width of [30, 41, 60]) {
    const lines = wrapColumns(text, width).split("\n");
    assert.equal(lines.join("").replaceAll(" ", ""), text.replaceAll(" ", ""));
    for (const [i, l] of lines.entries()) {
      assert.ok(textWidth(l) <= width, `${textWidth(l)} > ${width}: ${l}`);
      assert.doesNotMatch(l, /^[，。、：；）]/, `line ${i} starts with a closing mark: ${l}`);
      assert.doesNotMatch(l, /（$/, `line ${i} ends with an opening mark: ${l}`);
      // Every line but the last is full: the next line's first word (with the marks that
      // cannot start a line) would not have fitted on it.
      const next = lines[i + 1];
      if (next !== undefined) {
        const unit = /^(?:[A-Za-z0-9./-]+|.)[，。、：；）]*/u.exec(next)![0];
        assert.ok(
          textWidth(l) + 1 + textWidth(unit) > width,
          `line ${i} (${textWidth(l)} of ${width}) had room for "${unit}": ${l}`,
        );
      }
    }
  }
});

Deno.test("a paragraph's Chinese lines join without a space, English ones with one", () => {
  const out = markdownToTerminal("一份私有的网络\n协议栈副本，\n**有自己的**\n接口 and\nroutes", {
    width: 100,
    style: plain,
  });
  assert.equal(out, "一份私有的网络协议栈副本，有自己的接口 and routes");
});

Deno.test("a line of code with Chinese in it stays inside the gutter", () => {
  const long =
    `claim(ok, { en: "there is no namespace server (ip netns add server)", zh: "没有网络命名空间server，请先用ip-netns-add创建它然后再把veth设备对的一端移进去" });`;
  const nb = parseNotebook("# T\n\n```ts id=check\n" + long + "\n```\n", "t.md");
  for (const width of [40, 60, 80]) {
    const [cell] = nb.cells;
    assert.ok(cell);
    const text = cellToTerminal(cell, "notebooks/zh/01-netns-veth.md", plain, width);
    const all = text.split("\n");
    const code = all.slice(all.findIndex((l) => l.startsWith("│")));
    for (const l of code) {
      assert.ok(l.startsWith("│ "), l);
      assert.ok(textWidth(l) <= width, `${textWidth(l)} > ${width}: ${l}`);
    }
    assert.equal(
      code.map((l) => l.slice(2)).join("").replaceAll(" ", ""),
      long.replaceAll(" ", ""),
    );
  }
});
