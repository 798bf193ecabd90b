import { wrapColumns } from "./wrap_columns.ts";
import { parseMermaid } from "./mermaid_model.ts";
import type { Flowchart, Sequence } from "./mermaid_types.ts";
import { mermaidOutline } from "./mermaid_outline.ts";
import type { Style } from "./style.ts";
import { PLAIN } from "./plain_style.ts";

/** How a mermaid diagram is written out as text. */
export interface MermaidTextOptions {
  /** Columns to fit. Default 100. */
  width?: number;
  style?: Style;
  /**
   * Tries to draw a flowchart or sequence diagram as art (see mermaid_terminal.ts); returns
   * the art, or why there is none. Without it, the outline says the terminal draws it.
   */
  draw?: (source: string, model: Flowchart | Sequence, width: number) => { art: string } | {
    reason: string;
  };
}

function note(text: string, width: number, s: Style): string {
  return wrapColumns(text, Math.max(10, width - 2)).split("\n")
    .map((l, i) => s.dim((i === 0 ? "╶ " : "  ") + l)).join("\n");
}

/**
 * A mermaid diagram as text: drawn where `draw` can draw it, else an outline of its groups,
 * nodes and edges. Any other type, or a source it cannot read, is a one-line note pointing at
 * the HTML export. Never the raw source, never a wrong picture. Pure; never throws. (The cell
 * side uses it without `draw`: the terminal draws diagrams itself, at its own width.)
 */
export function mermaidText(source: string, options: MermaidTextOptions = {}): string {
  const { width = 100, style = PLAIN } = options;
  let model;
  try {
    model = parseMermaid(source);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return note(
      `a mermaid diagram netbook cannot read (${why}); it is not drawn here`,
      width,
      style,
    );
  }
  if (model.kind === "other") {
    return note(`a mermaid ${model.type} diagram: the HTML export has the drawing`, width, style);
  }
  const drawing = options.draw?.(source, model, width) ??
    { reason: "a terminal draws it; so does the HTML export" };
  if ("art" in drawing) return drawing.art;
  return mermaidOutline(model, { width, style, reason: drawing.reason });
}
