import { fitTable } from "./fit_table.ts";
import type { Style } from "./style.ts";
import { PLAIN } from "./plain_style.ts";
import { wrapText } from "./wrap_text.ts";

/**
 * The MIME type of a table's layout: its lines of text and its tables as cells, so that a
 * terminal can lay them out again for its own width (the cell process that made them cannot know
 * it). Front ends that do not know it show the bundle's text/plain or text/html.
 */
export const TABLE_LAYOUT_MIME = "application/vnd.netbook.table+json";

/** One table: a head and rows of cells; `right` lists the columns aligned right (numbers). */
export interface LaidTable {
  head: string[];
  rows: string[][];
  right?: number[];
  /** Spaces before the table (an indent under a heading line). */
  indent?: number;
}

/** What a display holds, in order: lines of text and tables. */
export type LayoutBlock = { text: string } | { table: LaidTable };

export interface TableLayout {
  blocks: LayoutBlock[];
}

/** The bundle entry for a layout. */
export function tableLayoutEntry(blocks: LayoutBlock[]): Record<string, string> {
  return { [TABLE_LAYOUT_MIME]: JSON.stringify({ blocks } satisfies TableLayout) };
}

/**
 * A layout for a terminal `width` columns wide: text wrapped at words, each table fitted (cells
 * wrapped at word boundaries within narrower columns, or one record per block when even that
 * does not fit; see fitTable). Pure.
 */
export function tableLayoutToTerminal(
  layout: TableLayout,
  width: number,
  style: Style = PLAIN,
): string {
  return layout.blocks.map((block) => {
    if ("text" in block) {
      return block.text.split("\n").map((line) => {
        const indent = /^ */.exec(line)![0];
        return wrapText(line.trimStart(), width, { lead: indent, hang: indent + "  " });
      }).join("\n");
    }
    const { head, rows, right, indent = 0 } = block.table;
    const pad = " ".repeat(Math.min(indent, Math.floor(width / 4)));
    return fitTable([head, ...rows], { width: width - pad.length, style, right })
      .split("\n").map((l) => (l ? pad + l : l)).join("\n");
  }).join("\n");
}
