/**
 * Replay, against the tools a learner would otherwise use: `deno task bench`. In the same run:
 * - the whole curriculum replayed in one notebook process, against real Jupyter (nbconvert with
 *   the Deno kernel) executing ONE exported notebook (needs python3-nbconvert and the kernel:
 *   `deno jupyter --install`; ignored, and said, where they are missing);
 * - replay time and memory as a notebook grows (10, 100, 1000 cells), which should grow linearly.
 */
import { join } from "node:path";
import { curriculumPaths, loadNotebook } from "../lib/cli/curriculum.ts";
import { runNotebooks } from "../lib/execute/run_notebook.ts";
import { exportNotebooks } from "../lib/export/export_notebooks.ts";
import { parseNotebook } from "../lib/notebook/parse.ts";

const notebooks = await Promise.all((await curriculumPaths()).map(loadNotebook));

const nbconvert = await new Deno.Command("python3", {
  args: [
    "-c",
    "import nbconvert, jupyter_client; print(jupyter_client.kernelspec.find_kernel_specs().get('deno', ''))",
  ],
  stdout: "piped",
  stderr: "null",
}).output().then((o) => new TextDecoder().decode(o.stdout).trim() !== "", () => false);
const exported = nbconvert ? await Deno.makeTempDir({ prefix: "netbook-bench-ipynb-" }) : "";
if (nbconvert) {
  await exportNotebooks([notebooks.find((n) => n.path.includes("02-"))!], {
    to: "ipynb",
    outDir: exported,
  });
}
globalThis.addEventListener(
  "unload",
  () => exported && Deno.removeSync(exported, { recursive: true }),
);

Deno.bench({
  name: `replay: the whole curriculum (${notebooks.length} notebooks), one process`,
  group: "replay",
  n: 5,
  async fn() {
    const runs = await runNotebooks(notebooks, { mode: "replay" });
    const failed = runs.find((r) => !r.ok);
    if (failed) throw failed.error;
  },
});

Deno.bench({
  name: "anchor: Jupyter (nbconvert, Deno kernel) executing ONE exported notebook (02)",
  group: "replay",
  baseline: true,
  n: 5,
  ignore: !nbconvert,
  async fn() {
    const out = await new Deno.Command("python3", {
      args: [
        "-m",
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--stdout",
        join(exported, "02-bridge.ipynb"),
      ],
      env: { NETBOOK_MODE: "replay" },
      stdout: "null",
      stderr: "piped",
    }).output();
    if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  },
});

/** A notebook of `n` cells, each one lab command, and its recording, in a temp folder. */
async function sized(n: number): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: `netbook-bench-${n}-` });
  const cells = Array.from(
    { length: n },
    (_, i) => "```ts id=c" + i + "\nawait $`echo " + i + "`;\n```\n",
  );
  const path = join(dir, `cells${n}.md`);
  await Deno.writeTextFile(path, `# ${n} cells\n\n${cells.join("\n")}`);
  const { runNotebook } = await import("../lib/execute/run_notebook.ts");
  const run = await runNotebook(parseNotebook(await Deno.readTextFile(path), path), {
    mode: "record",
  });
  if (!run.ok) throw run.error;
  return path;
}

const labOk = await import("../lib/lab/netns_backend.ts").then((m) => m.netnsBackend.support());
for (const n of [10, 100, 1000]) {
  const path = labOk.ok ? await sized(n) : "";
  Deno.bench({
    name: `replay: a notebook of ${n} cells`,
    group: "size",
    baseline: n === 10,
    n: 5,
    ignore: !labOk.ok,
    async fn() {
      const nb = parseNotebook(await Deno.readTextFile(path), path);
      const [run] = await runNotebooks([nb], { mode: "replay" });
      if (!run.ok) throw run.error;
    },
  });
}
