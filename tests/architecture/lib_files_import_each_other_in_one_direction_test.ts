/**
 * Inside lib/, files form a hierarchy too: no file imports itself through other files, however
 * long the circle. A circle means neither file can be read, tested or loaded without the other,
 * and module evaluation order decides which sees the other half-initialised.
 *
 * Type-only imports count here, as they do between folders: they vanish at runtime, but they
 * still tie the files together (a type moved or renamed breaks both). Types two files share go in
 * a file of their own (render/mermaid_types.ts is one).
 */
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { findCycle, LIB, libPath, relativeImports, sources } from "./lib_imports.ts";

/**
 * Imports that close a circle today and are left for now, each with why. Each must still exist
 * (a stale entry fails the test below), so the list only shrinks.
 */
const KNOWN: [from: string, to: string][] = [];

/** File-to-file imports under lib/, paths relative to lib/. */
async function fileGraph(): Promise<Map<string, Map<string, true>>> {
  const graph = new Map<string, Map<string, true>>();
  for await (const file of sources()) {
    const to = new Map<string, true>();
    for (const target of await relativeImports(file)) {
      if (target.startsWith(LIB)) to.set(libPath(target), true);
    }
    graph.set(libPath(file), to);
  }
  return graph;
}

Deno.test("no two lib/ files import each other in a circle, directly or through others", async () => {
  const graph = await fileGraph();
  for (const [from, to] of KNOWN) graph.get(from)?.delete(to);
  const cycle = findCycle(graph);
  assert.equal(
    cycle,
    undefined,
    `lib/ files import each other in a circle:\n  ${cycle?.join("\n  -> ")}\n` +
      "Move what they share (often types) into a file both import.",
  );
});

Deno.test("each known exception is still an import (fixed ones leave the list)", async () => {
  const graph = await fileGraph();
  const stale = KNOWN.filter(([from, to]) => !graph.get(from)?.has(to));
  assert.deepEqual(stale, [], "these imports are gone: remove them from KNOWN");
});

Deno.test("the file graph sees type-only imports, re-exports and dynamic imports", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      resolve(dir, "a.ts"),
      'import type { B } from "./b.ts";\nexport { c } from "./c.ts";\n' +
        'const d = await import("./d.ts");\nimport {\n  type E,\n  e,\n} from "./e.ts";\n',
    );
    const found = (await relativeImports(resolve(dir, "a.ts"))).map((p) => p.slice(dir.length));
    assert.deepEqual(found, ["/b.ts", "/c.ts", "/d.ts", "/e.ts"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
