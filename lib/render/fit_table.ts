import { wrapColumns } from "./wrap_columns.ts";
import type { Style } from "./style.ts";
import { PLAIN } from "./plain_style.ts";
import { padText, textWidth } from "./text_width.ts";

export interface FitTableOptions {
  width: number;
  style?: Style;
  /** Columns to right-align (numbers). */
  right?: number[];
  /** Spaces between columns. Default 2. */
  gap?: number;
}

/** The longest word of a cell, capped: a column never needs to be wider to hold it whole. */
const longestWord = (cell: string) =>
  Math.min(24, Math.max(1, ...cell.split(/\s+/).map(textWidth)));

/**
 * Column widths that fit `room`: each column its natural width, the widest shrunk first, none
 * below what holds its longest word (or 8 columns); undefined when even that does not fit.
 */
function columnWidths(rows: string[][], room: number): number[] | undefined {
  const n = Math.max(...rows.map((r) => r.length));
  const natural = Array.from(
    { length: n },
    (_, c) => Math.max(...rows.map((r) => textWidth(r[c] ?? ""))),
  );
  const least = natural.map((w, c) =>
    Math.min(w, Math.max(8, ...rows.map((r) => longestWord(r[c] ?? ""))))
  );
  const widths = [...natural];
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > room) {
    let widest = -1, widestWidth = 0;
    for (const [c, w] of widths.entries()) {
      if (w > (least[c] ?? w) && (widest < 0 || w > widestWidth)) [widest, widestWidth] = [c, w];
    }
    if (widest < 0) return undefined;
    widths[widest] = widestWidth - 1;
    total--;
  }
  return widths;
}

/** One record per block: each column's head, then its value wrapped under it with a hanging indent. */
function records(head: string[], body: string[][], width: number, s: Style): string {
  const label = Math.min(Math.max(...head.map(textWidth)) + 2, Math.floor(width / 3));
  return body.map((row) =>
    row.flatMap((cell, c) => {
      const name = head[c] ?? "";
      const lead = textWidth(name) + 2 <= label ? padText(s.bold(name + ":"), label) : "";
      const first = lead ? [] : [s.bold(name + ":")];
      const lines = wrapColumns(cell, Math.max(10, width - label), { hard: true }).split("\n");
      return [
        ...first,
        ...lines.map((l, i) => (i === 0 && lead ? lead : " ".repeat(label)) + l),
      ];
    }).join("\n")
  ).join("\n\n");
}

/**
 * A table for a terminal `width` columns wide: its first row the head (bold). When it fits as
 * is, aligned columns; when not, cells wrap at word boundaries within narrower columns, rows a
 * blank line apart; when even that would squeeze a column below its longest word, one record
 * per block ("head: value"). Colours in cells are kept and not counted. Pure.
 */
export function fitTable(rows: string[][], options: FitTableOptions): string {
  const { width, style: s = PLAIN, right = [], gap = 2 } = options;
  const [head = [], ...body] = rows;
  const n = Math.max(0, ...rows.map((r) => r.length));
  if (n === 0) return "";
  const widths = columnWidths(rows, width - gap * (n - 1));
  if (!widths) return records(head, body, width, s);
  const wrapped = widths.some((w, c) => w < Math.max(...rows.map((r) => textWidth(r[c] ?? ""))));
  const line = (row: string[], i: number) => {
    const cells = widths.map((w, c) => wrapColumns(row[c] ?? "", w, { hard: true }).split("\n"));
    const height = Math.max(...cells.map((c) => c.length));
    return Array.from({ length: height }, (_, k) =>
      widths.map((w, c) => {
        const text = cells[c]?.[k] ?? "";
        return padText(i === 0 ? s.bold(text) : text, w, right.includes(c));
      }).join(" ".repeat(gap)).trimEnd()).join("\n");
  };
  const rule = s.dim(widths.map((w) => "─".repeat(w)).join(" ".repeat(gap)));
  const lines = [line(head, 0), rule, ...body.map((r) => line(r, 1))];
  return wrapped ? [lines[0], lines[1], lines.slice(2).join("\n\n")].join("\n") : lines.join("\n");
}
