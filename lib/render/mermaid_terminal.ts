import { drawArt } from "./mermaid_art.ts";
import { boxDrawing } from "./mermaid_boxes.ts";
import { drawingProblems } from "./mermaid_faithful.ts";
import type { Flowchart, Sequence } from "./mermaid_types.ts";
import { mermaidText } from "./mermaid_text.ts";
import type { Style } from "./style.ts";
import { PLAIN } from "./plain_style.ts";
import { textWidth } from "./text_width.ts";

export interface MermaidTerminalOptions {
  /** Columns the text may use. Default 100. */
  width?: number;
  /** Colours for the outline and notes; none by default. */
  style?: Style;
  /** Plain ASCII (+-|>) instead of Unicode box drawing, for a drawing. */
  ascii?: boolean;
}

/** Spacing to try, roomiest first: beautiful-mermaid's default, then tighter ones. */
const LAYOUTS = [[5, 5, 1], [5, 3, 0], [2, 3, 0]]
  .map(([paddingX, paddingY, boxBorderPadding]) => ({ paddingX, paddingY, boxBorderPadding }));

const FLIP: Record<string, string> = { LR: "TB", RL: "BT", TB: "LR", TD: "LR", BT: "RL" };
const HEADER = /^(\s*(?:flowchart|graph))(?:[ \t]+(LR|RL|TB|TD|BT))?\b/m;

/** The source drawn the other way round (a flowchart LR as TB), for when its way does not fit. */
function flipped(source: string): string {
  return source.replace(HEADER, (_, head: string, dir?: string) => `${head} ${FLIP[dir ?? "TB"]}`);
}

type Drawing = { art: string } | { reason: string };

/** One drawing tried: its lines when faithful (undefined when not), and its widest line. */
interface Tried {
  lines?: string[];
  wide: number;
}

/** Drawings already tried in this process: the same diagram at another width reuses them. */
const tried = new Map<string, Tried | null>();

function attempt(text: string, model: Flowchart | Sequence, layout: number): Tried | null {
  const key = `${layout}\0${text}`;
  if (!tried.has(key)) {
    if (tried.size > 500) tried.clear();
    let result: Tried | null;
    try {
      const art = drawArt(text, { ...LAYOUTS[layout], colorMode: "none" });
      const lines = art.split("\n").map((l) => l.trimEnd());
      while (lines.length && lines.at(-1) === "") lines.pop();
      const faithful = lines.length > 0 && drawingProblems(model, lines.join("\n")).length === 0;
      result = { lines: faithful ? lines : undefined, wide: Math.max(0, ...lines.map(textWidth)) };
    } catch {
      result = null; // it cannot draw this source at all
    }
    tried.set(key, result);
  }
  return tried.get(key)!;
}

/**
 * The first drawing by beautiful-mermaid that is faithful to the model and fits `width`: each
 * spacing in the author's direction, then (for a flowchart) turned the other way round.
 */
/**
 * Past this many nodes or groups, a flowchart is not tried as art: the layout engine can take
 * minutes on such diagrams (it cannot be interrupted), and their art never fits a terminal.
 */
const MAX_NODES = 12;
const MAX_GROUPS = 5;

function faithfulDrawing(
  source: string,
  model: Flowchart | Sequence,
  width: number,
  useAscii: boolean,
  style: Style,
): Drawing {
  const art = artDrawing(source, model, width, useAscii);
  if ("art" in art || model.kind !== "flowchart" || !model.groups.length || useAscii) return art;
  // Groups of nodes (namespaces and their interfaces) are drawn as the lab's topology is.
  const boxes = boxDrawing(model, { width, style });
  return "art" in boxes ? boxes : art;
}

function artDrawing(
  source: string,
  model: Flowchart | Sequence,
  width: number,
  useAscii: boolean,
): Drawing {
  if (
    model.kind === "flowchart" &&
    (model.nodes.length > MAX_NODES || model.groups.length > MAX_GROUPS)
  ) {
    return { reason: "too large to draw in a terminal" };
  }
  // beautiful-mermaid draws a group used as an edge end as a node box of its own.
  const groups = new Set(model.kind === "flowchart" ? model.groups.map((g) => g.id) : []);
  if (
    model.kind === "flowchart" && model.edges.some((e) => groups.has(e.from) || groups.has(e.to))
  ) {
    return { reason: "no faithful drawing" };
  }
  const sources = model.kind === "flowchart" ? [source, flipped(source)] : [source];
  let narrowest = Infinity;
  for (const text of sources) {
    for (let layout = 0; layout < LAYOUTS.length; layout++) {
      const drawing = attempt(text, model, layout);
      if (!drawing) break;
      if (!drawing.lines) continue;
      if (drawing.wide > width) {
        narrowest = Math.min(narrowest, drawing.wide);
        continue;
      }
      if (!useAscii) return { art: drawing.lines.join("\n") };
      const plain = drawArt(text, {
        ...LAYOUTS[layout],
        colorMode: "none",
        useAscii: true,
      });
      return { art: plain.split("\n").map((l) => l.trimEnd()).join("\n").trimEnd() };
    }
  }
  return {
    reason: narrowest < Infinity ? `its drawing needs ${narrowest} columns` : "no faithful drawing",
  };
}

/**
 * A mermaid diagram for the terminal. A flowchart or sequence diagram is drawn (by
 * beautiful-mermaid) only when the drawing is faithful (every node, group, participant and
 * note whole in its own box, nodes inside their groups' boxes and no other, every edge label
 * whole, no box that stands for nothing, each edge's line leading into its target's box and into
 * no other) and fits `width`; otherwise it is written out as an outline (see mermaidText). Pure
 * and synchronous; never throws.
 */
export function mermaidToTerminal(source: string, options: MermaidTerminalOptions = {}): string {
  const { width = 100, style = PLAIN, ascii = false } = options;
  return mermaidText(source, {
    width,
    style,
    draw: (text, model, w) => faithfulDrawing(text, model, w, ascii, style),
  });
}
