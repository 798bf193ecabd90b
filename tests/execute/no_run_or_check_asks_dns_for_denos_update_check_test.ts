/**
 * Nothing leaves unasked: Deno checks for a newer version of itself (a DNS lookup, then a
 * download) unless told not to. A run, its notebook process and a check tell it not to, replay
 * included. The lookups are watched in a network namespace of the test's own (dns_watch.ts),
 * with a Deno folder that has never checked (so that a check, if asked, happens).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { dnsQueries, dnsWatched } from "../dns_watch.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const watched = dnsWatched();

/** A Deno folder with the cache of this one, and no record of a check for a newer Deno. */
async function freshDenoDir(): Promise<string> {
  const info = new TextDecoder().decode(
    (await new Deno.Command(Deno.execPath(), { args: ["info", "--json"] }).output()).stdout,
  );
  const cache = JSON.parse(info).denoDir as string;
  const dir = await Deno.makeTempDir({ prefix: "netbook-deno-dir-" });
  for await (const entry of Deno.readDir(cache)) {
    if (entry.name === "latest.txt") continue;
    await Deno.symlink(join(cache, entry.name), join(dir, entry.name));
  }
  return dir;
}

Deno.test("the watch sees Deno's update check where it is not turned off", watched, async () => {
  const denoDir = await freshDenoDir();
  try {
    const script = join(denoDir, "wait.ts");
    await Deno.writeTextFile(script, "await new Promise((r) => setTimeout(r, 3000));\n");
    const { names } = await dnsQueries([Deno.execPath(), "run", "--quiet", script], {
      DENO_DIR: denoDir,
    });
    assert.ok(names.some((n) => /deno/.test(n)), `no lookup seen: ${names}`);
  } finally {
    await Deno.remove(denoDir, { recursive: true });
  }
});

Deno.test("a replayed run's notebook process asks DNS nothing", watched, async () => {
  const denoDir = await freshDenoDir();
  try {
    // The driver is told not to check; the notebook processes it starts are not told by it.
    const driver = join(denoDir, "driver.ts");
    await Deno.writeTextFile(
      driver,
      `Deno.env.delete("DENO_NO_UPDATE_CHECK");
const { curriculumPaths, loadNotebook } = await import("${ROOT}lib/cli/curriculum.ts");
const { runNotebooks } = await import("${ROOT}lib/execute/run_notebook.ts");
const notebooks = await Promise.all((await curriculumPaths()).map(loadNotebook));
const runs = await runNotebooks(notebooks, { mode: "replay" });
const failed = runs.find((r) => !r.ok);
if (failed) throw failed.error;
`,
    );
    const { names, code, output } = await dnsQueries(
      ["sh", "-c", `cd ${ROOT} && "$@"`, "sh", Deno.execPath(), "run", "-A", "--quiet", driver],
      { DENO_DIR: denoDir, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    );
    assert.equal(code, 0, output);
    assert.deepEqual(names, []);
  } finally {
    await Deno.remove(denoDir, { recursive: true });
  }
});

Deno.test(
  "deno task notebook (the run and its notebook process) asks DNS nothing",
  watched,
  async () => {
    const denoDir = await freshDenoDir();
    try {
      const { names, code, output } = await dnsQueries(
        [
          "sh",
          "-c",
          `cd ${ROOT} && "$@"`,
          "sh",
          Deno.execPath(),
          "task",
          "--quiet",
          "notebook",
          "--mode",
          "replay",
          "notebooks/01-netns-veth.md",
        ],
        { DENO_DIR: denoDir, NO_COLOR: "1" },
      );
      assert.equal(code, 0, output);
      assert.deepEqual(names, []);
    } finally {
      await Deno.remove(denoDir, { recursive: true });
    }
  },
);

Deno.test("deno task check asks DNS nothing", watched, async () => {
  const denoDir = await freshDenoDir();
  try {
    const { names, code, output } = await dnsQueries(
      [
        "sh",
        "-c",
        `cd ${ROOT} && "$@"`,
        "sh",
        Deno.execPath(),
        "task",
        "--quiet",
        "check",
        "notebooks/01-netns-veth.md",
      ],
      { DENO_DIR: denoDir, NO_COLOR: "1" },
    );
    assert.equal(code, 0, output);
    assert.deepEqual(names, []);
  } finally {
    await Deno.remove(denoDir, { recursive: true });
  }
});
