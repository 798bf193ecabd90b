/**
 * Replay, against the tools a learner would otherwise use: `deno task bench`. In the same run:
 * - the whole curriculum replayed in one notebook process, against real Jupyter (nbconvert with
 *   the Deno kernel) executing ONE exported notebook (needs Debian's python3-nbconvert; ignored,
 *   and said, where it is missing);
 * - replay time as a notebook grows (10, 100, 1000 cells), which should grow linearly, and the
 *   peak memory of each (printed first: Deno's table has no column for it).
 */
import { join } from "node:path";
import { kernelspec, PYTHON } from "../tests/jupyter/kernel_driver.ts";
import { curriculumPaths, loadNotebook } from "../lib/cli/curriculum.ts";
import { runNotebooks } from "../lib/execute/run_notebook.ts";
import { exportNotebooks } from "../lib/export/export_notebooks.ts";
import { parseNotebook } from "../lib/notebook/parse.ts";
import { labBackends } from "../lib/lab/backends.ts";

const notebooks = await Promise.all((await curriculumPaths()).map(loadNotebook));

// Debian's python3 (python3-nbconvert), and a kernelspec of this Deno in a folder of the bench's
// own (as the Jupyter tests make it), so that no `deno jupyter --install` is needed.
const nbconvert = await new Deno.Command(PYTHON, {
  args: ["-c", "import nbconvert, jupyter_client"],
  stdout: "null",
  stderr: "null",
}).output().then((o) => o.success, () => false);
if (!nbconvert) {
  console.warn(
    "ignoring the Jupyter anchor: apt-get install -y python3-nbconvert python3-jupyter-client",
  );
}
const exported = nbconvert ? await Deno.makeTempDir({ prefix: "netbook-bench-ipynb-" }) : "";
const jupyterEnv: Record<string, string> = {};
if (nbconvert) {
  await exportNotebooks([notebooks.find((n) => n.path.includes("02-"))!], {
    to: "ipynb",
    outDir: exported,
  });
  Object.assign(jupyterEnv, await kernelspec(join(exported, "jupyter")));
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
    const out = await new Deno.Command(PYTHON, {
      args: [
        "-m",
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--stdout",
        join(exported, "02-bridge.ipynb"),
      ],
      env: { NETBOOK_MODE: "replay", ...jupyterEnv },
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
    backends: labBackends(),
  });
  if (!run.ok) throw run.error;
  return path;
}

/**
 * The peak memory (max RSS, MB) of `deno task notebook --mode replay PATH`: the most any of its
 * processes (the CLI, the notebook process) held, as the kernel counts it for waited-for children.
 * Python's getrusage reads it; without python3, undefined.
 */
async function peakMemory(path: string): Promise<number | undefined> {
  const script = "import resource, subprocess, sys\n" +
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n" +
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)";
  const main = new URL("../lib/cli/main.ts", import.meta.url).pathname;
  const args = ["-c", script, Deno.execPath(), "run", "-A", "--quiet", main, "run"];
  const out = await new Deno.Command("python3", {
    args: [...args, "--mode", "replay", path],
    stdout: "piped",
    stderr: "null",
  }).output().catch(() => undefined);
  if (!out?.success) return undefined;
  return Math.round(Number(new TextDecoder().decode(out.stdout)) / 1024);
}

const labOk = await import("../lib/lab/netns_backend.ts").then((m) => m.netnsBackend.support());
const memory: string[] = [];
for (const n of [10, 100, 1000]) {
  const path = labOk.ok ? await sized(n) : "";
  const mb = labOk.ok ? await peakMemory(path) : undefined;
  if (mb !== undefined) memory.push(`${n} cells: ${mb} MB`);
  Deno.bench({
    name: `replay: a notebook of ${n} cells`,
    group: "size",
    baseline: n === 10,
    n: 5,
    ignore: !labOk.ok,
    async fn() {
      const nb = parseNotebook(await Deno.readTextFile(path), path);
      const [run] = await runNotebooks([nb], { mode: "replay" });
      if (!run) throw new Error(`no result for ${path}`);
      if (!run.ok) throw run.error;
    },
  });
}
if (memory.length) console.log(`peak memory of a replay (max RSS): ${memory.join(", ")}`);
