/** What the architecture tests read: every .ts file under lib/ and the relative imports in it. */
import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const LIB = fileURLToPath(new URL("../../lib/", import.meta.url));

/** `import`/`export ... from "x"` (type-only ones too) and `import("x")`. */
const IMPORT =
  /(?:^|[\s;])(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;

/** Every .ts file under `dir`, as an absolute path. */
export async function* sources(dir: string = LIB): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const path = join(dir, e.name);
    if (e.isDirectory) yield* sources(path);
    else if (/\.ts$/.test(e.name)) yield path;
  }
}

/** The files `file` imports by a relative specifier, as absolute paths. */
export async function relativeImports(file: string): Promise<string[]> {
  const found: string[] = [];
  for (const m of (await Deno.readTextFile(file)).matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    assert.ok(spec);
    if (spec.startsWith(".")) found.push(resolve(dirname(file), spec));
  }
  return found;
}

/** A path relative to lib/, as messages show it. */
export function libPath(path: string): string {
  return relative(LIB, path);
}

/** A cycle in a graph (of folders or of files), if there is one. */
export function findCycle(graph: Map<string, Map<string, unknown>>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === "done") return;
    if (state.get(node) === "open") return [...path.slice(path.indexOf(node)), node];
    state.set(node, "open");
    path.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, "done");
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
}
