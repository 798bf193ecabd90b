/**
 * Line 1 of the generated module (see toModule): the imports that give cells `$`, `lab` and
 * `show` without importing them, and the hooks the fence lines call. The same line for running
 * a notebook and for type-checking it. Pure.
 */
export function moduleHeader(root: URL = new URL("../../", import.meta.url)): string {
  return `import { $, lab, show } from "${new URL("lib/cell/api.ts", root)}"; ` +
    `import { nb as __nb } from "${new URL("lib/cell/hooks.ts", root)}";`;
}
