/**
 * netbook has three audiences, each with its entry point in deno.json's "exports": mod.ts for
 * cell authors (what cells and an exported notebook's first cell use), runtime.ts for embedders
 * (parse, run, record, replay, export), backend.ts for lab backend writers. None hands out the
 * mutable backend registry, and each loads where no deno.json maps package names.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ENTRIES = { ".": "./mod.ts", "./runtime": "./runtime.ts", "./backend": "./backend.ts" };

/** The names a module re-exports (values and types), read from its text. */
async function exportedNames(file: string): Promise<Set<string>> {
  const text = await Deno.readTextFile(join(ROOT, file));
  const names = new Set<string>();
  for (const [, list = ""] of text.matchAll(/^export (?:type )?\{([^}]*)\}/gm)) {
    for (const item of list.split(",")) {
      const name = item.trim().split(/\s+as\s+/).pop();
      if (name) names.add(name);
    }
  }
  return names;
}

Deno.test("deno.json exports one entry point per audience", async () => {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  assert.deepEqual(config.exports, ENTRIES);
});

Deno.test("mod.ts is the cell authors' API: what cells and Jupyter's first cell use", async () => {
  const names = await exportedNames("mod.ts");
  for (const used of ["$", "lab", "show", "start", "CommandError", "Verdict", "CommandResult"]) {
    assert.ok(names.has(used), `mod.ts lacks ${used}`);
  }
  const elsewhere = ["runNotebook", "parseNotebook", "LiveRunner", "ReplayRunner", "LabBackend"];
  for (const name of [...elsewhere, "BACKENDS", "RunInLabOptions"]) {
    assert.ok(!names.has(name), `mod.ts still exports ${name}`);
  }
  const mod = await import("../../mod.ts");
  assert.equal(typeof mod.$, "function");
  assert.equal(typeof mod.start, "function");
  assert.equal(typeof mod.lab.routes, "function");
});

Deno.test("runtime.ts runs and exports notebooks; backend.ts is the lab seam", async () => {
  const runtime = await exportedNames("runtime.ts");
  for (const name of ["parseNotebook", "runNotebook", "ReplayRunner", "exportNotebooks"]) {
    assert.ok(runtime.has(name), `runtime.ts lacks ${name}`);
  }
  const backend = await exportedNames("backend.ts");
  for (const name of ["LabBackend", "Lab", "labBackends", "backendNamed", "REGISTRY"]) {
    assert.ok(backend.has(name), `backend.ts lacks ${name}`);
  }
});

Deno.test("the backends are handed out read-only", async () => {
  for (const file of Object.values(ENTRIES)) {
    assert.ok(!(await exportedNames(file)).has("BACKENDS"), `${file} exports BACKENDS`);
  }
  const { backendNamed, labBackends } = await import("../../backend.ts");
  const backends = labBackends();
  assert.deepEqual(backends.map((b) => b.kind), ["netns", "vm"]);
  assert.equal(backendNamed("vm"), backends[1]);
  assert.throws(() => (backends as unknown[]).push({}), TypeError);
  assert.equal(labBackends().length, 2);
});

Deno.test("each entry point loads from a folder without the repository's deno.json", async () => {
  const dir = await Deno.makeTempDir({ prefix: "netbook-entries-" });
  try {
    const script = join(dir, "embed.ts");
    const url = (f: string) => JSON.stringify(new URL(f, `file://${ROOT}`).href);
    await Deno.writeTextFile(
      script,
      `const r = await import(${url("runtime.ts")});\n` +
        `const b = await import(${url("backend.ts")});\n` +
        "console.log(typeof r.runNotebook, typeof b.labBackends);\n",
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", "--no-config", script],
      cwd: dir,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const said = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    assert.equal(said.trim(), "function function", said);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
