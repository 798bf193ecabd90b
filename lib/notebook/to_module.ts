import type { FenceKind } from "./fence_kind.ts";
import type { Cell, Notebook } from "./model.ts";

export type { FenceKind };

/** One fence of the generated module, in the order the module reaches them. */
export interface Fence {
  kind: FenceKind;
  /** The cell it begins, ends or skips. */
  cell?: string;
}

/**
 * The fences of a notebook's module, in order: `open` once line 1's imports are loaded, then each
 * cell's `begin` and `end` (one `skip` for a cell marked skip), and `close` after the last line.
 * A run expects exactly these, in this order (see toModule). Pure.
 */
export function fencePlan(notebook: Notebook): Fence[] {
  const fences: Fence[] = [{ kind: "open" }];
  for (const cell of notebook.cells) {
    if (cell.options.skip) fences.push({ kind: "skip", cell: cell.id });
    else fences.push({ kind: "begin", cell: cell.id }, { kind: "end", cell: cell.id });
  }
  fences.push({ kind: "close" });
  return fences;
}

/**
 * What starts every fence but the first: a `;` ends whatever statement the cell's last line
 * left open; the template literal holding both quotes is a syntax error inside a string or
 * template that a cell left open (or a runtime TypeError that reads nothing); `export {}` is a
 * syntax error anywhere but the module's top level (inside a function, block or class a cell
 * opened). So a fence is either reached as a statement of its own, in order, or the module does
 * not load, or it is never reached (inside a comment), which the run sees.
 */
const GUARD = ";`'\"`; export {};";

/**
 * Turns a notebook into one TypeScript module in which every cell's code stands on its own
 * Markdown line numbers, so that any error, stack trace or type error points at the notebook's
 * own file:line with no mapping. The fence lines (never code) carry the calls that start and end
 * each cell, each with the key `key(i)` of fence i of fencePlan() (a JavaScript expression; a
 * run gives each a random string only it knows); line 1 (the front matter's ---) carries the
 * imports and the first fence, the last line the last. Pure.
 *
 * Cells share the module's top-level scope, as in Jupyter. A cell with `requires=` is wrapped
 * in an if (it is skipped where the lab lacks the capability), so its declarations stay inside.
 */
export function toModule(
  notebook: Notebook,
  header: string,
  key: (fence: number) => string = () => '""',
): string {
  const lines = notebook.source.split("\n").map(() => "");
  let fence = 0;
  const call = (kind: FenceKind) => `await __nb.${kind}(${key(fence++)})`;
  lines[0] = `${header} ${call("open")};`;
  for (const cell of notebook.cells) {
    if (cell.options.skip) {
      lines[cell.line - 1] = `${GUARD} ${call("skip")};`;
      continue;
    }
    const [open, close] = wrapper(cell, call("begin"), call("end"));
    lines[cell.line - 1] = open;
    cell.code.replace(/\n$/, "").split("\n").forEach((code, i) => lines[cell.line + i] = code);
    lines[cell.endLine - 1] = close;
  }
  const last = lines.length - 1;
  lines[last] = `${lines[last]}${lines[last] ? " " : ""}${GUARD} ${call("close")};`;
  return lines.join("\n");
}

function wrapper(cell: Cell, begin: string, end: string): [string, string] {
  if (cell.options.requires.length === 0) return [`${GUARD} ${begin};`, `${GUARD} ${end};`];
  return [`${GUARD} if (${begin}) {`, `} ${GUARD} ${end};`];
}
