/**
 * The lines of a box drawing, followed cell by cell: which boxes each connected line meets, and
 * how (leaving the box, arriving at it by an arrowhead, or ending against it). Written for the
 * art beautiful-mermaid draws: a line leaves a box at a joint on its border (┬ ┴ ├ ┤), runs
 * through ─ │ and turns at ┌ ┐ └ ┘, splits or joins other lines at ├ ┤ ┬ ┴, crosses one at ┼,
 * and ends in an arrowhead (▲ ▼ ◄ ►) just outside its target's border, or, for an edge with an
 * arrowhead at both ends, starts at one drawn on its source's border. An edge label written on a
 * line replaces some of its cells: a line runs straight on through text.
 */
import type { Box } from "./ascii_boxes.ts";

/** How a line meets a box: leaves it, arrives by an arrowhead, or ends against its border. */
export type LineEnd = "leaves" | "arrives" | "touches";

/** One connected line (its branches and the lines it joins): the boxes it meets, and how. */
export type LineNet = Map<Box, Set<LineEnd>>;

const UP = 0, RIGHT = 1, DOWN = 2, LEFT = 3;
const DR = [-1, 0, 1, 0];
const DC = [0, 1, 0, -1];
const back = (d: number) => (d + 2) % 4;
const horizontal = (d: number) => d === LEFT || d === RIGHT;

/** The sides a line character joins: up, right, down, left. */
const PORTS: Record<string, number[]> = {
  "─": [RIGHT, LEFT],
  "│": [UP, DOWN],
  "┌": [RIGHT, DOWN],
  "┐": [DOWN, LEFT],
  "└": [UP, RIGHT],
  "┘": [UP, LEFT],
  "├": [UP, RIGHT, DOWN],
  "┤": [UP, DOWN, LEFT],
  "┬": [RIGHT, DOWN, LEFT],
  "┴": [UP, RIGHT, LEFT],
  "┼": [UP, RIGHT, DOWN, LEFT],
};
/**
 * Characters a line runs straight through, across or along, without turning: a crossing (┼),
 * dotted and thick lines (drawn over a crossing line rather than merged with it).
 */
const CROSSING = new Set([..."┼┄┆╌━┃"]);
/** Arrowheads, by the way they point. */
const HEADS: Record<string, number> = {
  "▲": UP,
  "▶": RIGHT,
  "►": RIGHT,
  "▼": DOWN,
  "◀": LEFT,
  "◄": LEFT,
};

/**
 * The connected lines of a drawing, each with the boxes in `boxes` it meets. The borders of
 * `frames` (boxes around others: groups) are crossed, never followed. Pure.
 */
export function lineNets(grid: string[][], boxes: Box[], frames: Box[] = []): LineNet[] {
  const rows = grid.length;
  const cols = Math.max(0, ...grid.map((r) => r.length));
  const at = (r: number, c: number) => grid[r]?.[c] ?? " ";
  const inGrid = (r: number, c: number) => r >= 0 && c >= 0 && r < rows && c < cols;

  // Which box's border each cell is on; which side of a frame's border.
  const border = new Map<number, Box>();
  const frameSide = new Map<number, "across" | "down" | "corner">();
  const key = (r: number, c: number) => r * cols + c;
  const edgeCells = (b: Box, mark: (k: number, side: "across" | "down" | "corner") => void) => {
    for (let c = b.left; c <= b.right; c++) {
      const side = c === b.left || c === b.right ? "corner" : "across";
      mark(key(b.top, c), side);
      mark(key(b.bottom, c), side);
    }
    for (let r = b.top + 1; r < b.bottom; r++) {
      mark(key(r, b.left), "down");
      mark(key(r, b.right), "down");
    }
  };
  for (const f of frames) edgeCells(f, (k, side) => frameSide.set(k, side));
  for (const b of boxes) edgeCells(b, (k) => border.set(k, b));

  /**
   * The sides a cell's line joins along one axis (horizontal or vertical): a crossing, a frame's
   * border and text each carry two lines that do not meet, one an axis.
   */
  const ports = (r: number, c: number, horiz: boolean): number[] => {
    const k = key(r, c);
    if (border.has(k)) return [];
    const ch = at(r, c);
    const head = HEADS[ch];
    if (head !== undefined) return horizontal(head) === horiz ? [back(head)] : [];
    const side = frameSide.get(k);
    if (side === "corner") return [];
    const joined = PORTS[ch];
    let found: number[];
    if (joined) found = joined;
    else if (CROSSING.has(ch) || (ch !== " " && side === undefined)) {
      found = [UP, RIGHT, DOWN, LEFT];
    } else return [];
    // A frame's border is crossed, not followed: along it, only the line that crosses it.
    if (side === "across" && horiz) return [];
    if (side === "down" && !horiz) return [];
    return found.filter((d) => horizontal(d) === horiz);
  };
  /** Whether a cell's two axes are one line (a corner or a joint) or two (a crossing). */
  const joinsAxes = (r: number, c: number) => {
    const k = key(r, c);
    const ch = at(r, c);
    return !frameSide.has(k) && (PORTS[ch] !== undefined && !CROSSING.has(ch));
  };
  /** Text that a line runs through: a label written over it. */
  const isText = (r: number, c: number) => {
    const ch = at(r, c);
    return ch !== " " && !PORTS[ch] && !CROSSING.has(ch) && HEADS[ch] === undefined;
  };

  // Union-find over (cell, axis).
  const parent = new Int32Array(rows * cols * 2).map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      const up = parent[parent[i]!]!;
      parent[i] = up;
      i = up;
    }
    return i;
  };
  const union = (a: number, b: number) => {
    parent[find(a)] = find(b);
  };
  const node = (r: number, c: number, horiz: boolean) => key(r, c) * 2 + (horiz ? 0 : 1);

  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (joinsAxes(r, c) || HEADS[at(r, c)] !== undefined) {
        union(node(r, c, true), node(r, c, false));
      }
      for (const d of [RIGHT, DOWN]) {
        const horiz = d === RIGHT;
        const r2 = r + DR[d]!, c2 = c + DC[d]!;
        if (!inGrid(r2, c2)) continue;
        if (ports(r, c, horiz).includes(d) && ports(r2, c2, horiz).includes(back(d))) {
          union(node(r, c, horiz), node(r2, c2, horiz));
        }
      }
    }
  }

  // A label written over a line hides its cells, among them perhaps a corner or a joint. A line
  // that ends inside a label (it enters it from one side only) joins the lines that run through
  // the label the other way.
  const leads = (r: number, c: number, d: number) => {
    if (!inGrid(r, c) || isText(r, c)) return false;
    if (border.has(key(r, c))) {
      const ch = at(r, c);
      return PORTS[ch]?.includes(d) ?? false;
    }
    return ports(r, c, horizontal(d)).includes(d);
  };
  /** The run of text along an axis through a cell: its first and last cell, and what it joins. */
  const run = (r: number, c: number, horiz: boolean) => {
    const [dr, dc] = horiz ? [0, 1] : [1, 0];
    let r1 = r, c1 = c, r2 = r, c2 = c;
    while (isText(r1 - dr, c1 - dc) && inGrid(r1 - dr, c1 - dc)) r1 -= dr, c1 -= dc;
    while (isText(r2 + dr, c2 + dc) && inGrid(r2 + dr, c2 + dc)) r2 += dr, c2 += dc;
    const before = leads(r1 - dr, c1 - dc, horiz ? RIGHT : DOWN);
    const after = leads(r2 + dr, c2 + dc, horiz ? LEFT : UP);
    return { before, after };
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (!isText(r, c) || border.has(key(r, c)) || frameSide.has(key(r, c))) continue;
      const across = run(r, c, true), down = run(r, c, false);
      const endsAcross = across.before !== across.after;
      const endsDown = down.before !== down.after;
      if (
        (endsAcross && (down.before || down.after)) || (endsDown && (across.before || across.after))
      ) {
        union(node(r, c, true), node(r, c, false));
      }
    }
  }

  // Where lines meet each box.
  const nets = new Map<number, LineNet>();
  const meet = (b: Box, how: LineEnd, r: number, c: number, horiz: boolean) => {
    const root = find(node(r, c, horiz));
    let net = nets.get(root);
    if (!net) nets.set(root, net = new Map());
    let ways = net.get(b);
    if (!ways) net.set(b, ways = new Set());
    ways.add(how);
  };
  for (const b of boxes) {
    const sides: [number, number, number][] = [];
    for (let c = b.left + 1; c < b.right; c++) sides.push([b.top, c, UP], [b.bottom, c, DOWN]);
    for (let r = b.top + 1; r < b.bottom; r++) sides.push([r, b.left, LEFT], [r, b.right, RIGHT]);
    for (const [r, c, out] of sides) {
      const ch = at(r, c);
      const horiz = horizontal(out);
      const r2 = r + DR[out]!, c2 = c + DC[out]!;
      const outside = ports(r2, c2, horiz).includes(back(out));
      if (HEADS[ch] === back(out)) {
        // An arrowhead drawn on the border: the start of an edge with two heads.
        if (outside) meet(b, "leaves", r2, c2, horiz);
      } else if (PORTS[ch]?.includes(out)) {
        // A joint on the border: a line leaves the box here.
        if (outside) meet(b, "leaves", r2, c2, horiz);
      } else if (HEADS[at(r2, c2)] === back(out)) {
        meet(b, "arrives", r2, c2, horiz);
      } else if (outside && !isText(r2, c2)) {
        meet(b, "touches", r2, c2, horiz);
      }
    }
  }
  return [...nets.values()];
}
