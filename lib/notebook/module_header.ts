/**
 * Line 1 of the generated module (see toModule): the imports that give cells `$`, `lab` and
 * `show` without importing them, and the fences (`__nb`) that tell the run where each cell
 * starts and ends. The cell worker comes first, so that it is set up before anything a cell
 * imports runs. The same line for running a notebook and for type-checking it. Pure.
 */
export function moduleHeader(root: URL = new URL("../../", import.meta.url)): string {
  return `import { fences as __nb } from "${new URL("lib/execute/cell_worker.ts", root)}"; ` +
    `import { $, lab, show } from "${new URL("lib/cell/api.ts", root)}";`;
}
