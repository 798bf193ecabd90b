import type { CellOptions } from "./cell_options.ts";
import type { NotebookMeta } from "./front_matter.ts";

/** Line numbers are 1-based lines of the notebook's Markdown file. */
export interface Span {
  /** First line of the part (for a cell or diagram: the opening fence). */
  line: number;
  /** Last line of the part (for a cell or diagram: the closing fence). */
  endLine: number;
}

export interface MarkdownPart extends Span {
  kind: "markdown";
  text: string;
}

export interface DiagramPart extends Span {
  kind: "mermaid";
  source: string;
}

export interface Cell extends Span {
  kind: "code";
  /** Position among the notebook's code cells, from 0. */
  index: number;
  /** From `id=`, or `cell-N` counting code cells from 1. */
  id: string;
  code: string;
  options: CellOptions;
}

export type Part = MarkdownPart | DiagramPart | Cell;

export interface Notebook {
  /** The path the notebook was read from, as given: used in every message. */
  path: string;
  source: string;
  meta: NotebookMeta;
  parts: Part[];
  cells: Cell[];
}
