import type { Cell, Notebook } from "./model.ts";

/**
 * Turns a notebook into one TypeScript module in which every cell's code stands on its own
 * Markdown line numbers, so that any error, stack trace or type error points at the notebook's
 * own file:line with no mapping. The fence lines (never code) carry the calls that start and end
 * each cell; line 1 (the front matter's ---) carries the imports. Pure.
 *
 * Cells share the module's top-level scope, as in Jupyter. An expect-error cell is wrapped in
 * try/catch and a cell with `requires=` in an if, so their own declarations stay inside them.
 */
export function toModule(notebook: Notebook, header: string): string {
  const lines = notebook.source.split("\n").map(() => "");
  lines[0] = header;
  for (const cell of notebook.cells) {
    const id = JSON.stringify(cell.id);
    if (cell.options.skip) {
      lines[cell.line - 1] = `__nb.skip(${id});`;
      continue;
    }
    const [open, close] = wrapper(cell);
    lines[cell.line - 1] = `${open}`;
    cell.code.replace(/\n$/, "").split("\n").forEach((code, i) => lines[cell.line + i] = code);
    lines[cell.endLine - 1] = close;
  }
  return lines.join("\n");
}

function wrapper(cell: Cell): [string, string] {
  const id = JSON.stringify(cell.id);
  const guarded = cell.options.requires.length > 0;
  let open = guarded ? `if (await __nb.begin(${id})) {` : `await __nb.begin(${id});`;
  let close = `await __nb.end(${id});`;
  if (cell.options.expectError) {
    open += " try {";
    close = `} catch (e) { __nb.caught(e); }${guarded ? " }" : ""} ${close}`;
  } else if (guarded) {
    close = `} ${close}`;
  }
  return [open, close];
}
