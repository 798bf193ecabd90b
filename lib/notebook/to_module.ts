import type { FenceKind } from "./fence_kind.ts";
import type { Cell, Notebook } from "./model.ts";

export type { FenceKind };

/** One fence of the generated module, in the order the module reaches them. */
export interface Fence {
  kind: FenceKind;
  /** The cell it gates, begins, ends or skips. */
  cell?: string;
}

/** How a notebook's module is made. */
export interface ModuleOptions {
  /**
   * A run that can skip any cell (step mode, the lab shell; see toStepModule): each steered cell
   * waits at a `gate` fence before its `begin`.
   */
  step?: boolean;
}

/**
 * Whether a cell is steered in a step run: an ordinary cell (not an exercise's check or hint,
 * which only define functions, and not marked skip).
 */
export function steered(cell: Cell): boolean {
  const kind = cell.options.role?.kind;
  return !cell.options.skip && kind !== "check" && kind !== "hint";
}

/**
 * The fences of a notebook's module, in order: `open` once line 1's imports are loaded, then each
 * cell's `begin` and `end` (one `skip` for a cell marked skip; in a step run, a `gate` before a
 * steered cell's begin), and `close` after the last line. A run expects exactly these, in this
 * order (see toModule). Pure.
 */
export function fencePlan(notebook: Notebook, options: ModuleOptions = {}): Fence[] {
  const fences: Fence[] = [{ kind: "open" }];
  for (const cell of notebook.cells) {
    if (cell.options.skip) {
      fences.push({ kind: "skip", cell: cell.id });
      continue;
    }
    if (options.step && steered(cell)) fences.push({ kind: "gate", cell: cell.id });
    fences.push({ kind: "begin", cell: cell.id }, { kind: "end", cell: cell.id });
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
/** The guard inside a steered cell's gate block, whose `export {}` follows the block. */
const INNER_GUARD = ";`'\"`;";
/** What ends a steered cell's line in a step run (see toStepModule). */
export const STEP_CLOSE = "} export {};";

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
 * An exercise's check and hint cells become functions the run calls when it judges the lab
 * (`claim` is the check's one argument), and a question's answer cell a function whose return
 * value is the answer: their declarations stay inside too. In a step run (`options.step`), a
 * steered cell runs inside `if (gate) { ... }` (toStepModule hands its declarations out).
 */
export function toModule(
  notebook: Notebook,
  header: string,
  key: (fence: number) => string = () => '""',
  options: ModuleOptions = {},
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
    let open: string, close: string;
    if (options.step && steered(cell)) {
      const gate = call("gate");
      const [o, c] = wrapper(cell, call("begin"), call("end"), INNER_GUARD);
      open = `${GUARD} if (${gate}) { ${o}`;
      close = `${c} ${STEP_CLOSE}`;
    } else {
      [open, close] = wrapper(cell, call("begin"), call("end"), GUARD);
    }
    lines[cell.line - 1] = open;
    cell.code.replace(/\n$/, "").split("\n").forEach((code, i) => lines[cell.line + i] = code);
    lines[cell.endLine - 1] = close;
  }
  const last = lines.length - 1;
  lines[last] = `${lines[last]}${lines[last] ? " " : ""}${GUARD} ${call("close")};`;
  return lines.join("\n");
}

/** A cell's first and last lines; `guard` starts each fence a cell's code may reach. */
function wrapper(cell: Cell, begin: string, end: string, guard: string): [string, string] {
  const id = JSON.stringify(cell.id);
  const role = cell.options.role;
  const name = JSON.stringify(role?.name);
  switch (role?.kind) {
    case "check":
      return [
        `${guard} ${begin}; __nb.defineCheck(${name}, async (claim) => {`,
        `}); ${guard} ${end};`,
      ];
    case "hint":
      return [
        `${guard} ${begin}; __nb.defineHint(${name}, async () => {`,
        `}); ${guard} ${end};`,
      ];
    case "answer":
      return [
        `${guard} ${begin}; await __nb.answer(${id}, async () => {`,
        `}); ${guard} ${end};`,
      ];
  }
  if (cell.options.requires.length === 0) return [`${guard} ${begin};`, `${guard} ${end};`];
  return [`${guard} if (${begin}) {`, `} ${guard} ${end};`];
}
