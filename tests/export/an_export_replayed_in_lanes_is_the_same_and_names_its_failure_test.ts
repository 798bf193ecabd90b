/**
 * An export replays its notebooks in several notebook processes at once (lanes): the site it
 * writes is the same, byte for byte, as one replayed in a single process, whichever notebook
 * finished first; and a notebook that fails is named at its file and line, the first that failed
 * in the notebooks' order, with nothing written.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import type { Notebook } from "../../lib/notebook/model.ts";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { exportNotebooks } from "../../lib/export/export_notebooks.ts";
import { labBackends } from "../../lib/lab/backends.ts";
import { lineOf, liveOnly } from "../support.ts";

const live = await liveOnly();

/**
 * Notebook i runs one command and says which notebook process it ran in. The first also waits a
 * while after it, so that in two lanes the second lane's notebooks finish before it does.
 */
function text(i: number): string {
  const wait = i === 1 ? "await new Promise((done) => setTimeout(done, 1500));\n" : "";
  return `# Notebook ${i}\n\nSome words about notebook ${i}.\n\n` +
    "```ts id=hello\n" +
    `const r = await $\`echo notebook ${i}\`;\n${wait}` +
    "console.log(`${r.stdout.trim()} in process ${Deno.pid}`);\n```\n";
}

/** Four notebooks in a temp folder, each recorded there (fixtures beside them). */
async function recorded(dir: string): Promise<string[]> {
  const paths: string[] = [];
  for (const i of [1, 2, 3, 4]) {
    const path = join(dir, `0${i}-nb${i}.md`);
    await Deno.writeTextFile(path, text(i));
    const run = await runNotebook(parseNotebook(text(i), path), {
      mode: "record",
      backends: labBackends(),
    });
    assert.ok(run.ok, run.error?.message);
    paths.push(path);
  }
  return paths;
}

async function parsed(paths: string[]): Promise<Notebook[]> {
  return await Promise.all(paths.map(async (p) => parseNotebook(await Deno.readTextFile(p), p)));
}

/** Every file under `dir`, by its path there, with its bytes. */
async function tree(dir: string, under = dir, files = new Map<string, string>()) {
  for await (const e of Deno.readDir(under)) {
    const path = join(under, e.name);
    if (e.isDirectory) await tree(dir, path, files);
    else files.set(relative(dir, path), await Deno.readTextFile(path));
  }
  return files;
}

/** The notebook processes a site's pages say they ran in. */
function processes(files: Map<string, string>): Set<string> {
  return new Set(
    [...files.values()].flatMap((t) => [...t.matchAll(/in process (\d+)/g)])
      .map((m) => m[1]!),
  );
}

Deno.test(
  "an HTML export replayed in lanes is byte for byte one replayed in one",
  live,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "netbook-lanes-" });
    try {
      const notebooks = await parsed(await recorded(dir));
      await exportNotebooks(notebooks, { to: "html", outDir: join(dir, "one"), lanes: 1 });
      await exportNotebooks(notebooks, { to: "html", outDir: join(dir, "two"), lanes: 2 });
      const one = await tree(join(dir, "one"));
      const two = await tree(join(dir, "two"));
      assert.equal(processes(one).size, 1, "one lane is one notebook process");
      assert.equal(processes(two).size, 2, "two lanes are two notebook processes");
      // The same site, but for the process ids the notebooks printed.
      const masked = (files: Map<string, string>) =>
        new Map(
          [...files].map(([name, t]) => [name, t.replace(/in process \d+/g, "in process N")]),
        );
      assert.deepEqual([...two.keys()].sort(), [...one.keys()].sort());
      assert.deepEqual(masked(two), masked(one));
      // The pages keep the notebooks' order (prev/next), not the order they finished in.
      assert.match(two.get("02-nb2.html") ?? "", /href="01-nb1\.html"[^]*href="03-nb3\.html"/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test(
  "an export in lanes names the first notebook that failed, at its line, and writes nothing",
  live,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "netbook-lanes-" });
    try {
      const paths = await recorded(dir);
      // Notebooks 3 and 4 now throw after their command (their recordings still match). In two
      // lanes, 4 runs beside 2 and fails before 3, which waits behind the slow notebook 1.
      for (const i of [3, 4]) {
        const path = paths[i - 1]!;
        const broken = (await Deno.readTextFile(path)).replace(
          "console.log(",
          `throw new Error("notebook ${i} broke");\nconsole.log(`,
        );
        await Deno.writeTextFile(path, broken);
      }
      const line = lineOf(await Deno.readTextFile(paths[2]!), "notebook 3 broke");
      const out = join(dir, "site");
      await assert.rejects(
        exportNotebooks(await parsed(paths), { to: "html", outDir: out, lanes: 2 }),
        (e: Error) => {
          assert.match(
            e.message,
            new RegExp(`cannot export .*03-nb3\\.md: .*03-nb3\\.md:${line} \\(cell hello\\)`),
          );
          assert.match(e.message, /notebook 3 broke/);
          return true;
        },
      );
      assert.ok(!(await Deno.stat(out).then(() => true, () => false)), "nothing written");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);
