/**
 * An exported notebook's first cell imports mod.ts from wherever the notebook is opened, where
 * no deno.json maps bare specifiers ("zod"): everything mod.ts loads must name its packages in
 * full (npm:name@version). Loads mod.ts as the kernel would, from a folder with no config.
 */
import assert from "node:assert/strict";
import { join } from "node:path";

const MOD_URL = new URL("../../mod.ts", import.meta.url).href;

Deno.test("mod.ts loads from a folder without the repository's deno.json", async () => {
  const dir = await Deno.makeTempDir({ prefix: "netbook-noconfig-" });
  try {
    const script = join(dir, "first_cell.ts");
    await Deno.writeTextFile(
      script,
      `const netbook = await import(${JSON.stringify(MOD_URL)});\n` +
        "console.log(typeof netbook.start, typeof netbook.$);\n",
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
    assert.ok(out.success, said);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
