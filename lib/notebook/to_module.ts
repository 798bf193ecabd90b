import type { Cell, Notebook } from "./model.ts";

/**
 * Turns a notebook into one TypeScript module in which every cell's code stands on its own
 * Markdown line numbers, so that any error, stack trace or type error points at the notebook's
 * own file:line with no mapping. The fence lines (never code) carry the calls that start and end
 * each cell; line 1 (the front matter's ---) carries the imports. Pure.
 *
 * Cells share the module's top-level scope, as in Jupyter. A cell with `requires=` is wrapped
 * in an if (it is skipped where the lab lacks the capability), so its declarations stay inside.
 * An exercise's check and hint cells become functions the run calls when it judges the lab
 * (`claim` is the check's one argument), and a question's answer cell a function whose return
 * value is the answer: their declarations stay inside too.
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
  const role = cell.options.role;
  const name = JSON.stringify(role?.name);
  switch (role?.kind) {
    case "check":
      return [
        `await __nb.begin(${id}); __nb.defineCheck(${name}, async (claim) => {`,
        `}); await __nb.end(${id});`,
      ];
    case "hint":
      return [
        `await __nb.begin(${id}); __nb.defineHint(${name}, async () => {`,
        `}); await __nb.end(${id});`,
      ];
    case "answer":
      return [
        `await __nb.begin(${id}); await __nb.answer(${id}, async () => {`,
        `}); await __nb.end(${id});`,
      ];
  }
  if (cell.options.requires.length === 0) {
    return [`await __nb.begin(${id});`, `await __nb.end(${id});`];
  }
  return [`if (await __nb.begin(${id})) {`, `} await __nb.end(${id});`];
}
