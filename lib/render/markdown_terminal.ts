import { stripVTControlCharacters } from "node:util";
import MarkdownIt from "../npm/markdown_it.ts";
import type { Token } from "../npm/markdown_it.ts";
import { wrapColumns } from "./wrap_columns.ts";
import { fitTable } from "./fit_table.ts";
import type { Style } from "./style.ts";
import { isWide, textWidth } from "./text_width.ts";

const markdown = new MarkdownIt();

export interface TerminalOptions {
  width: number;
  style: Style;
}

/** Where a paragraph's source line ended, until it is known what joins the two lines. */
const SOFT_BREAK = "\u0000";

/**
 * A paragraph's lines joined as its language joins them: with a space, but with nothing between
 * two East Asian wide characters (Chinese has no spaces between words). Pure.
 */
function joinSoftBreaks(text: string): string {
  const parts = text.split(SOFT_BREAK);
  return parts.reduce((acc, part) => {
    const before = [...stripVTControlCharacters(acc)].at(-1) ?? "";
    const after = [...stripVTControlCharacters(part)][0] ?? "";
    return acc + (isWide(before) && isWide(after) ? "" : " ") + part;
  });
}

function inline(tokens: Token[], s: Style): string {
  let out = "";
  const marks: string[] = [];
  const wrap = (text: string) => {
    let t = text;
    if (marks.includes("strong")) t = s.bold(t);
    if (marks.includes("em")) t = s.italic(t);
    if (marks.includes("link")) t = s.underline(t);
    return t;
  };
  const hrefs: string[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case "text":
        out += wrap(t.content);
        break;
      case "code_inline":
        out += s.cyan(t.content);
        break;
      case "softbreak":
        out += SOFT_BREAK;
        break;
      case "hardbreak":
        out += "\n";
        break;
      case "strong_open":
      case "em_open":
        marks.push(t.type.replace("_open", ""));
        break;
      case "link_open":
        marks.push("link");
        hrefs.push(String(t.attrGet("href") ?? ""));
        break;
      case "strong_close":
      case "em_close":
      case "link_close": {
        marks.pop();
        if (t.type === "link_close") {
          const href = hrefs.pop();
          if (href && !href.startsWith("#")) out += s.dim(` (${href})`);
        }
        break;
      }
      case "image":
        out += s.dim(`[image: ${t.content || t.attrGet("src")}]`);
        break;
      default:
        out += t.content ?? "";
    }
  }
  return joinSoftBreaks(out);
}

/** Renders narrative Markdown for a terminal: headings, wrapped paragraphs, lists, code. Pure. */
export function markdownToTerminal(text: string, { width, style: s }: TerminalOptions): string {
  const tokens = markdown.parse(text, {});
  const blocks: string[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  let quote = 0;
  let prefix = "";
  let heading = 0;
  let pending: string[] = [];
  let itemFirst = false;

  const indent = () => "  ".repeat(Math.max(0, lists.length - 1)) + "│ ".repeat(quote);
  const push = (body: string, first = "") => {
    const lead = indent();
    const room = Math.max(20, width - lead.length - first.length);
    const wrapped = wrapColumns(body, room, { hard: true }).split("\n");
    const pad = " ".repeat(first.length);
    blocks.push(wrapped.map((l, i) => lead + (i === 0 ? first : pad) + l).join("\n"));
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!; // i < tokens.length
    switch (t.type) {
      case "heading_open":
        heading = Number(t.tag.slice(1));
        break;
      case "inline": {
        const body = inline(t.children ?? [], s);
        if (heading) {
          const h = heading === 1
            ? s.bold(s.underline(body.toUpperCase()))
            : heading === 2
            ? s.bold(s.blue(body))
            : s.bold(body);
          pending.push(h);
        } else if (lists.length && itemFirst) {
          const list = lists.at(-1)!;
          prefix = list.ordered ? `${list.n}. ` : "• ";
          push(body, prefix);
          itemFirst = false;
        } else {
          push(body, lists.length ? "  " : "");
        }
        break;
      }
      case "heading_close":
        blocks.push(wrapColumns(pending.join(""), Math.max(20, width), { hard: true }));
        pending = [];
        heading = 0;
        break;
      case "bullet_list_open":
      case "ordered_list_open":
        lists.push({
          ordered: t.type === "ordered_list_open",
          n: Number(t.attrGet("start") ?? 1) - 1,
        });
        break;
      case "bullet_list_close":
      case "ordered_list_close":
        lists.pop();
        break;
      case "list_item_open":
        lists.at(-1)!.n++;
        itemFirst = true;
        break;
      case "blockquote_open":
        quote++;
        break;
      case "blockquote_close":
        quote--;
        break;
      case "fence":
      case "code_block": {
        // Long lines wrap at spaces, their later pieces indented 2 more, under the same indent.
        const lead = indent() + "    ";
        const room = Math.max(20, width - textWidth(lead));
        const lines = t.content.replace(/\n$/, "").split("\n").flatMap((l) =>
          wrapColumns(l, room - 2, { hard: true, trim: false }).split("\n")
            .map((piece, k) => (k === 0 ? piece : "  " + piece.trimStart()))
        );
        blocks.push(lines.map((l) => lead + s.dim(l)).join("\n"));
        break;
      }
      case "hr":
        blocks.push(s.dim("─".repeat(Math.min(width, 60))));
        break;
      case "html_block":
        break;
      case "table_open": {
        const end = tokens.findIndex((x, j) => j > i && x.type === "table_close");
        const lead = indent();
        const table = tableText(tokens.slice(i, end), Math.max(20, width - textWidth(lead)), s);
        blocks.push(table.split("\n").map((l) => lead + l).join("\n"));
        i = end;
        break;
      }
    }
  }
  return blocks.filter((b) => b !== "").join("\n\n");
}

/** A Markdown table fitted to `width`: wrapped cells within columns, or one record per block. */
function tableText(tokens: Token[], width: number, s: Style): string {
  const rows: string[][] = [];
  const right: number[] = [];
  let row: string[] = [];
  for (const t of tokens) {
    if (t.type === "tr_open") row = [];
    if ((t.type === "th_open") && /right/.test(String(t.attrGet("style") ?? ""))) {
      right.push(row.length);
    }
    if (t.type === "inline") row.push(inline(t.children ?? [], s));
    if (t.type === "tr_close") rows.push(row);
  }
  return fitTable(rows, { width, style: s, right });
}
