import { checkNotebooks } from "../check/check_notebook.ts";
import { curriculumPaths, loadNotebook } from "./curriculum.ts";
import { findNotebook } from "./find_notebook.ts";
import type { Terminal } from "./terminal.ts";
import { visible } from "../render/visible.ts";

/** Type-checks notebooks (all when none is named), with errors at each notebook's file:line. */
export async function checkCommand(t: Terminal, args: string[]): Promise<number> {
  const s = t.style;
  const notebooks = [];
  for (
    const path of args.length
      ? await Promise.all(args.map((a) => findNotebook(a)))
      : await curriculumPaths()
  ) {
    notebooks.push(await loadNotebook(path));
  }
  let failed = 0;
  for (const result of await checkNotebooks(notebooks)) {
    if (result.ok) {
      t.write(`${visible(result.notebook.path)} ${s.green("ok")}\n`);
      continue;
    }
    failed++;
    for (const d of result.diagnostics) {
      const where = visible(d.line ? `${d.file}:${d.line}:${d.column}` : d.file);
      const [first, ...more] = visible(d.message).split("\n");
      t.write(
        s.red(`${where}: ${d.code ? `${d.code} ` : ""}${first}`) + "\n" +
          more.map((l) => `  ${l}\n`).join(""),
      );
    }
  }
  return failed ? 1 : 0;
}
