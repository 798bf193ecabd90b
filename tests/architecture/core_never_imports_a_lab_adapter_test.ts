/**
 * Running a notebook (lib/execute, and the runners it uses) knows labs only by their interface
 * (lib/lab/backend.ts): the concrete backends (netns, the micro-VM, SSH) and the list of them
 * (lib/lab/backends.ts) are adapters, which the CLI passes in and a test replaces with fakes.
 * Nothing that core imports, directly or through other files, is one of them.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { LIB, libPath, relativeImports, sources } from "./lib_imports.ts";

/** The folders of core: what runs a notebook, how its run is planned, and its runners. */
const CORE = ["execute", "plan", "runner"];

/** A lab adapter under `lib`: the registry of backends, or a backend of its own. */
const isAdapter = (path: string, lib: string) =>
  /^lab\/(?:backends|[a-z_]+_backend)\.ts$/.test(relative(lib, path));

/** Every adapter a file reaches through relative imports in `lib`, with the chain to it. */
async function adaptersReached(file: string, lib = LIB): Promise<string[][]> {
  const seen = new Set<string>([file]);
  const found: string[][] = [];
  let frontier: string[][] = [[file]];
  while (frontier.length) {
    const next: string[][] = [];
    for (const chain of frontier) {
      const last = chain.at(-1)!;
      for (const target of await relativeImports(last)) {
        if (seen.has(target)) continue;
        seen.add(target);
        if (isAdapter(target, lib)) found.push([...chain, target]);
        else if (target.startsWith(lib)) next.push([...chain, target]);
      }
    }
    frontier = next;
  }
  return found;
}

Deno.test("nothing core imports, directly or not, is a lab backend or their registry", async () => {
  const offenders: string[] = [];
  for (const folder of CORE) {
    for await (const file of sources(join(LIB, folder))) {
      for (const chain of await adaptersReached(file)) {
        offenders.push(chain.map(libPath).join(" -> "));
      }
    }
  }
  assert.deepEqual(offenders, [], `core reaches a lab adapter:\n  ${offenders.join("\n  ")}`);
});

Deno.test("the check sees an adapter reached through another file", async () => {
  const lib = await Deno.makeTempDir({ prefix: "netbook-arch-" });
  try {
    await Deno.mkdir(join(lib, "execute"));
    await Deno.mkdir(join(lib, "lab"));
    const a = join(lib, "execute", "a.ts");
    await Deno.writeTextFile(a, `import { b } from "./b.ts";\n`);
    await Deno.writeTextFile(join(lib, "execute", "b.ts"), `export * from "../lab/backends.ts";\n`);
    await Deno.writeTextFile(join(lib, "lab", "backends.ts"), "export const b = 1;\n");
    const chains = (await adaptersReached(a, lib)).map((c) => c.map((f) => relative(lib, f)));
    assert.deepEqual(chains, [["execute/a.ts", "execute/b.ts", "lab/backends.ts"]]);
  } finally {
    await Deno.remove(lib, { recursive: true });
  }
});
