import { renderMermaidASCII } from "beautiful-mermaid";
import { makeStyle, type Style } from "./style.ts";

export interface MermaidTerminalOptions {
  /** Columns the art may use; wider art falls back to the source. Default 100. */
  width?: number;
  /** Colours for the fallback frame; none by default. */
  style?: Style;
  /** Plain ASCII (+-|>) instead of Unicode box drawing. */
  ascii?: boolean;
}

/** Spacing to try in order: beautiful-mermaid's roomy default, then a compact one. */
const LAYOUTS = [
  { paddingX: 5, paddingY: 5, boxBorderPadding: 1 },
  { paddingX: 3, paddingY: 2, boxBorderPadding: 0 },
];

/**
 * A mermaid diagram for the terminal: ASCII/Unicode art (beautiful-mermaid) when the diagram type
 * is supported and the art fits in `width` columns, otherwise the source in a frame. Pure and
 * synchronous; never throws.
 */
export function mermaidToTerminal(source: string, options: MermaidTerminalOptions = {}): string {
  const { width = 100, style = makeStyle(false), ascii = false } = options;
  const art = drawable(source) ? draw(source, width, ascii) : undefined;
  return art ?? framed(source, style);
}

function draw(source: string, width: number, useAscii: boolean): string | undefined {
  for (const layout of LAYOUTS) {
    let text: string;
    try {
      text = renderMermaidASCII(source, { ...layout, useAscii, colorMode: "none" });
    } catch {
      return undefined; // an unsupported type or a header it cannot read
    }
    const lines = text.split("\n").map((l) => l.trimEnd());
    while (lines.length && lines.at(-1) === "") lines.pop();
    if (lines.length === 0) return undefined;
    if (Math.max(...lines.map(columns)) <= width) return lines.join("\n");
  }
  return undefined;
}

/** East Asian wide characters and emoji take two terminal columns. */
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|\p{Extended_Pictographic}/u;

/** Display columns of a line. */
function columns(line: string): number {
  let n = 0;
  for (const ch of line) n += WIDE.test(ch) ? 2 : 1;
  return n;
}

/**
 * beautiful-mermaid's flowchart parser skips lines it cannot read instead of failing, which would
 * draw a diagram with pieces missing. A flowchart line with an unclosed bracket or quote is a
 * syntax error mermaid itself rejects, so such a diagram is shown as its source instead.
 */
function drawable(source: string): boolean {
  const lines = source.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("%%"));
  if (!/^(graph|flowchart)\b/i.test(lines[0] ?? "")) return true;
  const pairs: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
  for (const line of lines) {
    if ((line.match(/"/g)?.length ?? 0) % 2) return false;
    const open: string[] = [];
    for (const ch of line.replace(/"[^"]*"|\|[^|]*\|/g, "")) {
      if (ch in pairs) open.push(pairs[ch]);
      else if (ch === open.at(-1)) open.pop();
    }
    if (open.length) return false;
  }
  return true;
}

function framed(source: string, s: Style): string {
  const lines = source.replace(/\n$/, "").split("\n");
  return [s.dim("┌─ diagram (mermaid)"), ...lines.map((l) => s.dim("│ ") + l), s.dim("└─")].join(
    "\n",
  );
}
