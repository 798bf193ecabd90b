/**
 * Each npm package's version is named in one place: lib/npm/NAME.ts, which re-exports the
 * package (`npm:name@version`). lib/ imports that file by a relative path; tests and benchmarks
 * may use the bare name, which deno.json's "imports" maps to the same file.
 *
 * Not deno.json alone: an exported .ipynb's first cell loads mod.ts in Jupyter's kernel from a
 * folder with no deno.json (tests/export/ipynb_kernel_loads_netbook_without_the_repository_config
 * _test.ts), so nothing under lib/ may rely on the import map. lib/render/mermaid_page/ (and the
 * files deno.json leaves to its config) keeps its own deno.json.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { sources } from "./lib_imports.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Files another config governs (deno.json's "exclude"). */
const OWN_CONFIG = [
  "lib/render/mermaid_page/",
  "tests/export/html_site_in_chromium.ts",
  "tests/export/chinese_site_in_chromium.ts",
  "tests/render/chromium_sandbox_probe.ts",
  "bench/mermaid_anchor.ts",
];

/**
 * Pins allowed outside lib/npm/ (none now). Each must still be there (a stale entry fails), so
 * the list only shrinks.
 */
const KNOWN: string[] = [];

/** Static imports and re-exports, with their specifier. */
const STATIC =
  /(?:^|[\s;])(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm;

async function specifiers(): Promise<{ file: string; spec: string }[]> {
  const found = [];
  for (const dir of ["lib", "tests", "bench"]) {
    for await (const path of sources(join(ROOT, dir))) {
      const file = relative(ROOT, path);
      if (OWN_CONFIG.some((p) => file.startsWith(p))) continue;
      for (const m of (await Deno.readTextFile(path)).matchAll(STATIC)) {
        found.push({ file, spec: m[1] ?? m[2] ?? "" });
      }
    }
  }
  return found;
}

Deno.test("npm:name@version appears only in lib/npm/, one file per package", async () => {
  const all = await specifiers();
  const pins = all.filter(({ spec }) => spec.startsWith("npm:"));
  const outside = pins.filter(({ file }) => !file.startsWith("lib/npm/") && !KNOWN.includes(file));
  assert.deepEqual(outside, [], "import these through lib/npm/ (or the bare name in tests)");
  const stale = KNOWN.filter((k) => !pins.some(({ file }) => file === k));
  assert.deepEqual(stale, [], "these files no longer pin a version: remove them from KNOWN");
  const packageOf = (spec: string) => spec.match(/^npm:\/?((?:@[^/]+\/)?[^@/]+)/)?.[1] ?? spec;
  const homes = new Map<string, Set<string>>();
  for (const { file, spec } of pins.filter(({ file }) => file.startsWith("lib/npm/"))) {
    homes.set(packageOf(spec), (homes.get(packageOf(spec)) ?? new Set()).add(file));
  }
  for (const [name, files] of homes) assert.equal(files.size, 1, `${name}: ${[...files]}`);
});

Deno.test("lib/ names no package by a bare specifier (Jupyter's kernel has no import map)", async () => {
  const bare = (await specifiers()).filter(({ file, spec }) =>
    // (A specifier inside generated code's template, "${...}", is not this file's import.)
    file.startsWith("lib/") && /^[@\w]/.test(spec) && !/^(node|npm):/.test(spec)
  );
  assert.deepEqual(bare, []);
});

Deno.test("deno.json maps each bare name to its file in lib/npm/", async () => {
  const { imports } = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  for (const [name, target] of Object.entries(imports as Record<string, string>)) {
    assert.match(target, /^\.\/lib\/npm\/[a-z_]+\.ts$/, `${name} -> ${target}`);
    const text = await Deno.readTextFile(join(ROOT, target));
    assert.ok(text.includes(`"npm:${name}@`), `${target} does not pin ${name}`);
  }
});
