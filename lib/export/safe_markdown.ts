import MarkdownIt from "../npm/markdown_it.ts";
import { safeHtml, safeUrl } from "./safe_html.ts";

const markdown = new MarkdownIt({ html: true, linkify: false });

/** An autolink, `<scheme:...>`, and an e-mail one, `<name@host>` (CommonMark). */
const AUTOLINK = /^<([a-zA-Z][a-zA-Z0-9+.-]{1,31}):[^\s<>]*>/;
const EMAIL = /^<[^\s@<>\\]+@[^\s@<>\\]+>/;
/** What starts raw HTML: a tag, a closing tag, a comment, a declaration, an instruction. */
const TAG = /^<[A-Za-z/!?]/;
/**
 * The destination of a link or an image that starts at `from` (just after `](`, blanks
 * skipped): `<dest>`, or up to a blank or the `)` that balances the parentheses (CommonMark).
 */
function destinationEnd(text: string, from: number): number {
  if (text[from] === "<") {
    const close = text.indexOf(">", from);
    return close < 0 || text.slice(from, close).includes("\n") ? from : close + 1;
  }
  let depth = 0;
  let i = from;
  for (; i < text.length && !/\s/.test(text[i] ?? ""); i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "(") depth++;
    else if (text[i] === ")" && depth-- === 0) break;
  }
  return i;
}
/** A link reference definition: `[label]: dest`. */
const REFERENCE = /^( {0,3}\[[^\]]+\]:\s*)(<[^>\n]*>|\S+)/;

/** A link destination a page may follow, or `#` in its place. */
function destination(dest: string): string {
  const bare = dest.startsWith("<") ? dest.slice(1, -1) : dest;
  return safeUrl(bare) === undefined ? "#" : dest;
}

/**
 * Inline Markdown (a paragraph, a heading, a table) with its raw HTML shown as text (`\<`) and
 * links only to http(s) or relative URLs; code spans are left as they are.
 */
function safeInline(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") {
      out += text.slice(i, i + 2);
      i += 2;
    } else if (c === "`") {
      // A code span runs to the next run of as many backticks; without one, they are text.
      const run = /^`+/.exec(text.slice(i))![0];
      const close = new RegExp(`(?<!\`)${run}(?!\`)`, "g");
      close.lastIndex = i + run.length;
      const end = close.exec(text);
      const to = end ? end.index + run.length : i + run.length;
      out += text.slice(i, to);
      i = to;
    } else if (c === "<") {
      const rest = text.slice(i);
      const auto = AUTOLINK.exec(rest) ?? EMAIL.exec(rest);
      if (auto && (!auto[1] || safeUrl(auto[0].slice(1, -1)) !== undefined)) {
        out += auto[0];
        i += auto[0].length;
      } else {
        out += TAG.test(rest) || auto ? "\\<" : "<";
        i++;
      }
    } else if (c === "]" && text[i + 1] === "(") {
      const from = i + 2 + /^\s*/.exec(text.slice(i + 2))![0].length;
      const end = destinationEnd(text, from);
      out += text.slice(i, from) + destination(text.slice(from, end));
      i = end;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * A notebook's narrative as the Markdown export writes it: as written, but with the HTML in it
 * sanitized (blocks) or shown as text (inline, as the HTML page shows it), and links only to
 * http(s) or relative URLs. A reader's Markdown viewer runs nothing of it. Code blocks and code
 * spans stay as they are. Pure.
 */
export function safeMarkdown(text: string): string {
  // Each line is replaced in place (null: dropped), so that every token's lines stay where its
  // map says they are.
  const lines: (string | null)[] = text.split("\n");
  const code = new Set<number>();
  for (const token of markdown.parse(text, {})) {
    if (!token.map) continue;
    const [from, to] = token.map;
    const block = () => lines.slice(from, to).join("\n");
    if (token.type === "html_block") {
      lines[from] = safeHtml(block());
      lines.fill(null, from + 1, to);
    } else if (token.type === "inline" || token.type === "tr_open") {
      safeInline(block()).split("\n").forEach((line, i) => lines[from + i] = line);
      continue;
    } else if (token.type !== "fence" && token.type !== "code_block") {
      continue;
    }
    for (let l = from; l < to; l++) code.add(l);
  }
  return lines.flatMap((line, l) => {
    if (line === null) return [];
    if (code.has(l)) return [line];
    return [line.replace(REFERENCE, (_, lead: string, dest: string) => lead + destination(dest))];
  }).join("\n");
}
