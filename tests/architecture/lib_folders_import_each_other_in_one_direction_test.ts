/**
 * lib/ is one folder per concern, and the folders form a hierarchy: if lib/a imports lib/b,
 * nothing in lib/b imports lib/a, directly or through other folders. (Deno's std keeps the
 * same rule for its packages.) Type-only imports count: they are dependencies too.
 */
import assert from "node:assert/strict";
import { relative, resolve } from "node:path";
import { findCycle, LIB, libPath, relativeImports, sources } from "./lib_imports.ts";

/** The lib/ folder a file belongs to. */
function folderOf(path: string): string | undefined {
  const rel = relative(LIB, path);
  return rel.startsWith("..") || !rel.includes("/") ? undefined : rel.split("/")[0];
}

/** Folder-to-folder imports, each with one file that makes it (for the message). */
async function folderGraph(): Promise<Map<string, Map<string, string>>> {
  const graph = new Map<string, Map<string, string>>();
  for await (const file of sources()) {
    const from = folderOf(file)!;
    for (const target of await relativeImports(file)) {
      const to = folderOf(target);
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      graph.get(from)!.set(to, libPath(file));
    }
  }
  return graph;
}

Deno.test("no two lib/ folders import each other, directly or through others", async () => {
  const graph = await folderGraph();
  const cycle = findCycle(graph);
  const steps = cycle?.slice(1).map((to, i) => {
    const from = cycle[i] ?? "";
    return `${from} -> ${to} (${graph.get(from)!.get(to)})`;
  });
  assert.equal(
    cycle,
    undefined,
    `lib/ folders import each other in a cycle:\n  ${steps?.join("\n  ")}`,
  );
});

Deno.test("the cycle check finds a cycle when there is one", () => {
  const graph = new Map([
    ["cell", new Map([["lab", "cell/x.ts"]])],
    ["lab", new Map([["fixture", "lab/y.ts"]])],
    ["fixture", new Map([["cell", "fixture/z.ts"]])],
  ]);
  assert.deepEqual(findCycle(graph), ["cell", "lab", "fixture", "cell"]);
  graph.get("fixture")!.delete("cell");
  assert.equal(findCycle(graph), undefined);
});

Deno.test("nothing under lib/ imports mod.ts", async () => {
  const offenders: string[] = [];
  for await (const file of sources()) {
    for (const target of await relativeImports(file)) {
      if (target === resolve(LIB, "../mod.ts")) offenders.push(libPath(file));
    }
  }
  assert.deepEqual(offenders, []);
});
