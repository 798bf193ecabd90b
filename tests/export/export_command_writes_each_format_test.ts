import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { denoTask } from "../support.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function exportTask(...args: string[]) {
  const run = await denoTask("export", ...args);
  return { code: run.code, output: run.stdout + run.stderr };
}

async function files(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

Deno.test("deno task export writes ipynb and md for the notebooks named", async () => {
  await Deno.mkdir(join(ROOT, ".cache"), { recursive: true });
  const dir = await Deno.makeTempDir({ dir: join(ROOT, ".cache"), prefix: "export-test-" });
  try {
    const md = await exportTask(
      "--to",
      "md",
      "tests/data/inspect_lab.md",
      "--out",
      join(dir, "md"),
    );
    assert.equal(md.code, 0, md.output);
    assert.deepEqual(await files(join(dir, "md")), ["inspect_lab.md"]);
    const text = await Deno.readTextFile(join(dir, "md", "inspect_lab.md"));
    assert.ok(!text.startsWith("---"), "no front matter");
    assert.match(text, /```text\n\$ /);

    const out = join(dir, "ipynb");
    const nb = await exportTask("--to", "ipynb", "tests/data/inspect_lab.md", "--out", out);
    assert.equal(nb.code, 0, nb.output);
    assert.match(nb.output, /wrote .*inspect_lab\.ipynb/);
    const ipynb = JSON.parse(await Deno.readTextFile(join(out, "inspect_lab.ipynb")));
    assert.equal(ipynb.nbformat, 4);
    assert.equal(ipynb.nbformat_minor, 5);
    assert.equal(ipynb.metadata.kernelspec.name, "deno");
    // The first code cell finds the repository's mod.ts by a path relative to the export (unless
    // NETBOOK_HOME names the clone).
    const setup = ipynb.cells.find((c: { id: string }) => c.id === "setup").source.join("");
    const from = /: new URL\("([^"]+)", `file:\/\/\$\{Deno\.cwd\(\)\}\/`\)/.exec(setup)?.[1];
    assert.ok(from, setup);
    assert.equal(resolve(out, from), join(ROOT, "mod.ts"));
    assert.match(setup, /netbook\.start\(\{ notebook: "tests\/data\/inspect_lab\.md" \}\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task export of a notebook with no recording fails and writes nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = join(dir, "md");
    const run = await exportTask(
      "--to",
      "md",
      "tests/data/inspect_lab.md",
      "tests/data/shared_scope.md",
      "--out",
      out,
    );
    assert.notEqual(run.code, 0);
    assert.match(run.output, /tests\/data\/shared_scope\.md has no recording/);
    assert.ok(!(await Deno.stat(out).then(() => true, () => false)), "no folder written");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task export refuses an unknown format", async () => {
  const run = await exportTask("--to", "pdf");
  assert.equal(run.code, 2);
  assert.match(run.output, /--to must be ipynb, html, md \(not "pdf"\)/);
});
