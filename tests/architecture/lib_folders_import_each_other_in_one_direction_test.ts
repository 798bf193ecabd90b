/**
 * lib/ is one folder per concern, and the folders form a hierarchy: if lib/a imports lib/b,
 * nothing in lib/b imports lib/a, directly or through other folders. (Deno's std keeps the
 * same rule for its packages.) Type-only imports count: they are dependencies too.
 */
import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const LIB = fileURLToPath(new URL("../../lib/", import.meta.url));
const IMPORT =
  /(?:^|[\s;])(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;

async function* sources(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const path = join(dir, e.name);
    if (e.isDirectory) yield* sources(path);
    else if (/\.ts$/.test(e.name)) yield path;
  }
}

/** The lib/ folder a file belongs to. */
function folderOf(path: string): string | undefined {
  const rel = relative(LIB, path);
  return rel.startsWith("..") || !rel.includes("/") ? undefined : rel.split("/")[0];
}

/** Folder-to-folder imports, each with one file that makes it (for the message). */
async function folderGraph(): Promise<Map<string, Map<string, string>>> {
  const graph = new Map<string, Map<string, string>>();
  for await (const file of sources(LIB)) {
    const from = folderOf(file)!;
    const text = await Deno.readTextFile(file);
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith(".")) continue;
      const to = folderOf(resolve(dirname(file), spec));
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      graph.get(from)!.set(to, relative(LIB, file));
    }
  }
  return graph;
}

/** A cycle of folders, if there is one. */
function findCycle(graph: Map<string, Map<string, string>>): string[] | undefined {
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

Deno.test("no two lib/ folders import each other, directly or through others", async () => {
  const graph = await folderGraph();
  const cycle = findCycle(graph);
  const steps = cycle?.slice(1).map((to, i) =>
    `${cycle[i]} -> ${to} (${graph.get(cycle[i])!.get(to)})`
  );
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
  for await (const file of sources(LIB)) {
    for (const m of (await Deno.readTextFile(file)).matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith(".") && resolve(dirname(file), spec) === resolve(LIB, "../mod.ts")) {
        offenders.push(relative(LIB, file));
      }
    }
  }
  assert.deepEqual(offenders, []);
});
