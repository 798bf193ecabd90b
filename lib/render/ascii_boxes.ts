/** A rectangle drawn with box-drawing characters; rows and columns of its border, inclusive. */
export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** What may sit on a top or bottom border besides `─`: joints, arrow heads, crossing lines. */
const ACROSS = new Set([..."─┬┴┼├┤▲▼│┆┄╌"]);
/** What may sit on a left or right border besides `│`. */
const DOWN = new Set([..."│├┤┼┬┴─◄►┆┄╌"]);

/** Text as a grid of characters (one column each: callers leave out wide characters). */
export function toGrid(text: string): string[][] {
  return text.split("\n").map((line) => [...line]);
}

const at = (grid: string[][], r: number, c: number) => grid[r]?.[c] ?? " ";

/** Corners, square or rounded (beautiful-mermaid draws a cylinder, `[( )]`, with rounded ones). */
const TOP_LEFT = new Set(["┌", "╭"]);
const TOP_RIGHT = new Set(["┐", "╮"]);
const BOTTOM_LEFT = new Set(["└", "╰"]);
const BOTTOM_RIGHT = new Set(["┘", "╯"]);

/** Every intact box in the grid: corners in place and borders unbroken by text. Pure. */
export function findBoxes(grid: string[][]): Box[] {
  const boxes: Box[] = [];
  grid.forEach((row, top) =>
    row.forEach((ch, left) => {
      if (!TOP_LEFT.has(ch)) return;
      let right = left + 1;
      while (ACROSS.has(at(grid, top, right))) right++;
      if (!TOP_RIGHT.has(at(grid, top, right))) return;
      let bottom = top + 1;
      while (DOWN.has(at(grid, bottom, left)) && DOWN.has(at(grid, bottom, right))) bottom++;
      if (!BOTTOM_LEFT.has(at(grid, bottom, left)) || !BOTTOM_RIGHT.has(at(grid, bottom, right))) {
        return;
      }
      for (let c = left + 1; c < right; c++) if (!ACROSS.has(at(grid, bottom, c))) return;
      boxes.push({ top, left, bottom, right });
    })
  );
  return boxes;
}

/** The rows inside a box, between its borders. */
export function insideRows(grid: string[][], box: Box): string[] {
  return grid.slice(box.top + 1, box.bottom).map((row) =>
    row.slice(box.left + 1, box.right).join("").padEnd(box.right - box.left - 1)
  );
}

/** Whether `inner` lies strictly inside `outer`. */
export function contains(outer: Box, inner: Box): boolean {
  return outer !== inner && inner.top > outer.top && inner.bottom < outer.bottom &&
    inner.left > outer.left && inner.right < outer.right;
}

/** The text inside a box with the boxes nested in it blanked out, trimmed, empty rows dropped. */
export function ownText(grid: string[][], box: Box, all: Box[]): string[] {
  const nested = all.filter((b) => contains(box, b));
  const rows: string[] = [];
  for (let r = box.top + 1; r < box.bottom; r++) {
    let row = "";
    for (let c = box.left + 1; c < box.right; c++) {
      const hidden = nested.some((b) => r >= b.top && r <= b.bottom && c >= b.left && c <= b.right);
      row += hidden ? " " : at(grid, r, c);
    }
    if (row.trim()) rows.push(row.trim());
  }
  return rows;
}

/** How many lines meet a box's border: joints, arrow heads, or a line ending against it. */
export function attachments(grid: string[][], box: Box): number {
  let n = 0;
  const mark = (ch: string) => "┬┴├┤┼▲▼◄►".includes(ch);
  for (let c = box.left + 1; c < box.right; c++) {
    if (mark(at(grid, box.top, c)) || "│▼".includes(at(grid, box.top - 1, c))) n++;
    if (mark(at(grid, box.bottom, c)) || "│▲".includes(at(grid, box.bottom + 1, c))) n++;
  }
  for (let r = box.top + 1; r < box.bottom; r++) {
    if (mark(at(grid, r, box.left)) || "─►".includes(at(grid, r, box.left - 1))) n++;
    if (mark(at(grid, r, box.right)) || "─◄".includes(at(grid, r, box.right + 1))) n++;
  }
  return n;
}
