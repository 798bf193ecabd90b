import type { Cell } from "../notebook/model.ts";
import type { Output } from "../execute/results.ts";
import { TOPOLOGY_MIME } from "../inspect/topology.ts";
import type { TopologyModel } from "../inspect/topology_model.ts";
import { mermaidToTerminal } from "../render/mermaid_terminal.ts";
import type { Style } from "../render/style.ts";
import { textWidth } from "../render/text_width.ts";
import { splitAtColumn } from "../render/wrap_columns.ts";
import { topologyToTerminal } from "../inspect/topology_terminal.ts";
import { transcriptBundle } from "../render/transcript.ts";
import { wrapText } from "../render/wrap_text.ts";
import wrapAnsi from "../npm/wrap_ansi.ts";
import {
  TABLE_LAYOUT_MIME,
  type TableLayout,
  tableLayoutToTerminal,
} from "../render/table_layout.ts";
import { visible, visibleDeep } from "../render/visible.ts";

/**
 * One line of code cut at spaces into pieces of at most `room` columns; the later pieces are
 * indented 4 past the line's own indent (a word longer than a piece is cut). Pure.
 */
export function wrapCode(line: string, width: number): string[] {
  const room = Math.max(1, width);
  if (textWidth(line) <= room) return [line];
  const indent = " ".repeat(Math.min(line.length - line.trimStart().length + 4, room >> 1));
  const pieces: string[] = [];
  const lead = () => (pieces.length ? indent : "");
  let current = "";
  for (const word of line.split(/(?<= )/)) {
    if (current.trim() && textWidth(lead() + current + word.trimEnd()) > room) {
      pieces.push(lead() + current.trimEnd());
      current = "";
    }
    current += pieces.length && !current ? word.trimStart() : word;
    while (textWidth(lead() + current.trimEnd()) > room) {
      const [piece, rest] = splitAtColumn(current, Math.max(1, room - lead().length));
      pieces.push(lead() + piece);
      current = rest;
    }
  }
  if (current.trim()) pieces.push(lead() + current.trimEnd());
  return pieces;
}

/**
 * A cell's code as the terminal shows it: a rule naming the cell and its line, then the code
 * under a `│` gutter; long lines wrap at spaces and keep the gutter.
 */
export function cellToTerminal(cell: Cell, path: string, s: Style, width = Infinity): string {
  const flags = [
    cell.options.skip && "skip",
    cell.options.expectError && "expect-error",
    cell.options.requires.length && `requires ${cell.options.requires.join(",")}`,
  ].filter(Boolean).join(", ");
  const title = `── ${cell.id} · ${path}:${cell.line}${flags ? ` · ${flags}` : ""} ──`;
  const head = s.dim(width === Infinity ? title : wrapText(title, width, { hang: "   " }));
  const code = cell.code.replace(/\n$/, "").split("\n")
    .flatMap((l) => wrapCode(l, width - 2))
    .map((l) => s.dim("│ ") + l).join("\n");
  return `${head}\n${code}`;
}

/** The mermaid source of a diagram's bundle (a ```mermaid block and no HTML), if it is one. */
function diagramSource(bundle: Record<string, string>): string | undefined {
  if (bundle["text/html"] !== undefined) return undefined;
  return /^```mermaid\n([\s\S]*?)\n```\s*$/.exec(bundle["text/markdown"] ?? "")?.[1];
}

/**
 * One output in the terminal: a command's transcript with the prompt picked out; a displayed
 * value's text/plain, except that a lab topology and a diagram are laid out again for `width`
 * (the cell process that made them cannot know it); printed text as it is.
 */
export function outputToTerminal(output: Output, s: Style, width = 100): string {
  switch (output.type) {
    case "command": {
      const t = output.transcript;
      const lines = transcriptBundle(t)["text/plain"].split("\n");
      const [first = ""] = lines;
      // The command wraps at spaces inside its `$ ` gutter, later lines indented; what it
      // printed wraps at the width, each continuation marked.
      const command = wrapCode(first.slice(2), width - 2)
        .map((piece, i) => (i === 0 ? s.green("$ ") : "  ") + s.bold(piece)).join("\n");
      const status = t.code !== 0 ? lines.pop()! : undefined;
      const body = lines.slice(1).map((l) => fitLine(l, width, s));
      if (status !== undefined) body.push((t.expected ? s.yellow : s.red)(status));
      return [command, ...body].join("\n");
    }
    case "display": {
      const { bundle } = output;
      const model = bundle[TOPOLOGY_MIME];
      if (model !== undefined) {
        try {
          const parsed = visibleDeep(JSON.parse(model) as TopologyModel);
          return topologyToTerminal(parsed, { width, style: s });
        } catch {
          // not a model this version reads: its own text below
        }
      }
      const source = model === undefined ? diagramSource(bundle) : undefined;
      if (source !== undefined) return mermaidToTerminal(visible(source), { width, style: s });
      const layout = bundle[TABLE_LAYOUT_MIME];
      if (layout !== undefined) {
        try {
          const parsed = visibleDeep(JSON.parse(layout) as TableLayout);
          return tableLayoutToTerminal(parsed, width, s);
        } catch {
          // not a layout this version reads: its own text below
        }
      }
      const text = bundle["text/plain"] ?? Object.values(bundle)[0] ?? "";
      return text.split("\n").map((l) => fitLine(l, width, s)).join("\n");
    }
    case "stream": {
      const text = output.text.replace(/\n$/, "").split("\n").map((l) => fitLine(l, width, s))
        .join("\n");
      return output.name === "stderr" ? s.yellow(text) : text;
    }
  }
}

/**
 * A line of a program's output in `width` columns: as it is when it fits, else cut into pieces
 * (at spaces where it can), each later piece after a dim `↳ `, so that a wrapped line is told
 * apart from the next one.
 */
export function fitLine(line: string, width: number, s: Style): string {
  if (textWidth(line) <= width) return line;
  const [first = "", ...rest] = wrapAnsi(line, width, { hard: true, trim: false }).split("\n");
  const more = rest.join(" ").replace(/^ +/, "");
  const tail = wrapAnsi(more, Math.max(10, width - 2), { hard: true, trim: false }).split("\n");
  return [first.trimEnd(), ...tail.map((l) => s.dim("↳ ") + l.trimEnd())].join("\n");
}
