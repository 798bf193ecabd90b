/**
 * The exported .ipynb files against the real Jupyter: Debian's nbformat validates them, and
 * nbconvert executes them with Deno's kernel, replaying (outputs identical to those exported)
 * and live (the same commands, run for real).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { curriculumPaths, loadNotebook } from "../../lib/cli/curriculum.ts";
import { exportNotebooks } from "../../lib/export/export_notebooks.ts";

/** Debian's Python, which has python3-nbformat and python3-nbconvert (not a pyenv one on PATH). */
const PYTHON = "/usr/bin/python3";

// CI installs Jupyter's nbconvert (.ci/run), and there this test must run; elsewhere it needs
// `apt-get install -y python3-nbconvert python3-nbformat`.
const jupyter = await new Deno.Command(PYTHON, { args: ["-c", "import nbconvert, nbformat"] })
  .output().then((o) => o.success, () => false);
const ignore = !jupyter && !Deno.env.get("CI");
if (ignore) console.warn(`ignoring the Jupyter test: ${PYTHON} has no nbconvert and nbformat`);

interface Output {
  output_type: string;
  name?: string;
  text?: string[];
  data?: Record<string, string[]>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  id: string;
  outputs?: Output[];
}

async function python(args: string[], env: Record<string, string> = {}): Promise<string> {
  const out = await new Deno.Command(PYTHON, { args, env, stdout: "piped", stderr: "piped" })
    .output()
    .catch((e) => {
      throw new Error(`${PYTHON} is needed (apt-get install python3-nbconvert): ${e.message}`);
    });
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `${PYTHON} ${args.join(" ")} failed:\n${text}`);
  return text;
}

/** What a cell shows: each display's text and HTML in order, and all its printed text. */
function shown(cell: Cell) {
  const displays: [string, string][] = [];
  let printed = "";
  for (const o of cell.outputs ?? []) {
    if (o.output_type === "stream") printed += (o.text ?? []).join("");
    else if (o.output_type === "error") displays.push(["ERROR", `${o.ename}: ${o.evalue}`]);
    else {displays.push([
        (o.data?.["text/plain"] ?? []).join(""),
        (o.data?.["text/html"] ?? []).join(""),
      ]);}
  }
  return { displays, printed };
}

async function readCells(path: string): Promise<Cell[]> {
  return JSON.parse(await Deno.readTextFile(path)).cells;
}

/** A kernelspec for this Deno, so the test needs no `deno jupyter --install`. */
async function kernelspec(dir: string): Promise<Record<string, string>> {
  await Deno.mkdir(join(dir, "kernels", "deno"), { recursive: true });
  await Deno.writeTextFile(
    join(dir, "kernels", "deno", "kernel.json"),
    JSON.stringify({
      argv: [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"],
      display_name: "Deno",
      language: "typescript",
    }),
  );
  return { JUPYTER_PATH: dir, JUPYTER_DATA_DIR: dir, JUPYTER_RUNTIME_DIR: join(dir, "runtime") };
}

async function execute(files: string[], outDir: string, env: Record<string, string>) {
  await python([
    "-m",
    "nbconvert",
    "--to",
    "notebook",
    "--execute",
    "--ExecutePreprocessor.timeout=120",
    "--output-dir",
    outDir,
    ...files,
  ], env);
}

Deno.test("exported notebooks validate and run in Jupyter with the Deno kernel", {
  ignore,
}, async (t) => {
  // Inside the repository: the kernel finds netbook's imports through its deno.json.
  await Deno.mkdir(".cache", { recursive: true });
  const dir = await Deno.makeTempDir({ dir: ".cache", prefix: "ipynb-test-" });
  try {
    const notebooks = await Promise.all((await curriculumPaths()).map(loadNotebook));
    const files = await exportNotebooks(notebooks, { to: "ipynb", outDir: join(dir, "export") });
    assert.equal(files.length, notebooks.length);
    const env = await kernelspec(join(dir, "jupyter"));

    await t.step("nbformat validates every export as nbformat 4.5", async () => {
      const said = await python([
        "-c",
        "import sys, nbformat\n" +
        "for f in sys.argv[1:]:\n" +
        "    nb = nbformat.read(f, as_version=4)\n" +
        "    nbformat.validate(nb)\n" +
        "    assert (nb.nbformat, nb.nbformat_minor) == (4, 5), f\n" +
        "    assert nb.metadata.kernelspec.name == 'deno', f\n" +
        "    print('valid', f)\n",
        ...files,
      ]);
      assert.equal(said.match(/^valid /gm)?.length, files.length, said);
    });

    await t.step("replayed in Jupyter, every cell shows what the export recorded", async () => {
      const ran = join(dir, "replayed");
      await execute(files, ran, { ...env, NETBOOK_MODE: "replay" });
      let tables = 0;
      for (const file of files) {
        const exported = await readCells(file);
        const executed = await readCells(join(ran, file.split("/").pop()!));
        assert.equal(executed.length, exported.length);
        for (const [i, cell] of exported.entries()) {
          if (cell.cell_type !== "code") continue;
          assert.deepEqual(shown(executed[i]), shown(cell), `${file}, cell ${cell.id}`);
          tables += shown(cell).displays.filter(([, html]) => html.includes("<table")).length;
        }
      }
      assert.ok(tables > 10, `outputs should carry text/html tables (found ${tables})`);
    });

    await t.step("run live in Jupyter, a notebook runs the same commands for real", async () => {
      const ran = join(dir, "live");
      const file = files.find((f) => f.endsWith("03-port-forward.ipynb"))!;
      await execute([file], ran, env);
      const exported = await readCells(file);
      const executed = await readCells(join(ran, "03-port-forward.ipynb"));
      const commands = (cell: Cell) =>
        shown(cell).displays.map(([text]) => text.split("\n")[0]).filter((l) => l.startsWith("$ "));
      assert.match(shown(executed.find((c) => c.id === "setup")!).displays[0][0], /mode: live/);
      for (const [i, cell] of exported.entries()) {
        if (cell.cell_type !== "code" || cell.id === "setup") continue;
        assert.ok(!executed[i].outputs?.some((o) => o.output_type === "error"), cell.id);
        assert.deepEqual(commands(executed[i]), commands(cell), `cell ${cell.id}`);
      }
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
