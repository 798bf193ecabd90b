/** Running exported .ipynb files in the real Jupyter (Debian's nbconvert with Deno's kernel). */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { curriculumPaths } from "../../lib/cli/curriculum.ts";
import { fixturePathFor } from "../../lib/fixture/paths.ts";
import { kernelspec, PYTHON, pythonHas } from "../jupyter/kernel_driver.ts";

/** Ignore the Jupyter tests where nbconvert is missing, except in CI, where they must run. */
export async function jupyterOnly(): Promise<{ ignore: boolean }> {
  const ignore = !(await pythonHas("nbconvert, nbformat")) && !Deno.env.get("CI");
  if (ignore) {
    console.warn(
      `ignoring a Jupyter test: ${PYTHON} has no nbconvert and nbformat ` +
        "(apt-get install -y python3-nbconvert python3-nbformat)",
    );
  }
  return { ignore };
}

/**
 * The curriculum's notebooks that have a recording to export from. One without (being written,
 * not yet recorded) is named and left out, except in CI, where every notebook must have one.
 */
export async function recordedCurriculum(): Promise<string[]> {
  const paths = await curriculumPaths();
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const recorded = (p: string) =>
    Deno.stat(fixturePathFor(join(root, p))).then(() => true, () => false);
  const missing = (await Promise.all(paths.map(async (p) => (await recorded(p)) ? [] : [p])))
    .flat();
  if (missing.length) {
    const message = `no recording to export: ${missing.join(", ")}`;
    if (Deno.env.get("CI")) throw new Error(message);
    console.warn(`leaving out of the Jupyter test what has ${message}`);
  }
  return paths.filter((p) => !missing.includes(p));
}

/** Output as nbformat stores it. */
interface Output {
  output_type: string;
  name?: string;
  text?: string[];
  data?: Record<string, string[]>;
  ename?: string;
  evalue?: string;
}

/** A cell as nbformat stores it. */
export interface Cell {
  cell_type: string;
  id: string;
  outputs?: Output[];
}

/** Runs Debian's Python; its output, or a failure that shows it. */
export async function python(args: string[], env: Record<string, string> = {}): Promise<string> {
  const out = await new Deno.Command(PYTHON, { args, env, stdout: "piped", stderr: "piped" })
    .output()
    .catch((e) => {
      throw new Error(`${PYTHON} is needed (apt-get install python3-nbconvert): ${e.message}`);
    });
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `${PYTHON} ${args.join(" ")} failed:\n${text}`);
  return text;
}

/**
 * What a cell shows: each display's text and HTML in order, and all its printed text; nothing
 * for a cell that is not there.
 */
export function shown(cell: Cell | undefined): { displays: [string, string][]; printed: string } {
  const displays: [string, string][] = [];
  let printed = "";
  for (const o of cell?.outputs ?? []) {
    if (o.output_type === "stream") printed += (o.text ?? []).join("");
    else if (o.output_type === "error") displays.push(["ERROR", `${o.ename}: ${o.evalue}`]);
    else {
      displays.push([
        (o.data?.["text/plain"] ?? []).join(""),
        (o.data?.["text/html"] ?? []).join(""),
      ]);
    }
  }
  return { displays, printed };
}

/** The cells of an .ipynb file. */
export async function readCells(path: string): Promise<Cell[]> {
  return JSON.parse(await Deno.readTextFile(path)).cells;
}

/**
 * Executes .ipynb files with nbconvert and Deno's kernel (a kernelspec of this Deno, made in
 * `jupyterDir`), writing the executed notebooks to `outDir`; `env` is added to the kernel's.
 */
export async function execute(
  files: string[],
  outDir: string,
  jupyterDir: string,
  env: Record<string, string> = {},
): Promise<void> {
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
  ], { ...await kernelspec(jupyterDir), ...env });
}

/**
 * Checks that every code cell of the executed notebooks shows what the export recorded; returns
 * how many of their displays are HTML tables.
 */
export async function assertSameOutputs(files: string[], executedDir: string): Promise<number> {
  let tables = 0;
  for (const file of files) {
    const exported = await readCells(file);
    const executed = await readCells(join(executedDir, basename(file)));
    assert.equal(executed.length, exported.length);
    for (const [i, cell] of exported.entries()) {
      if (cell.cell_type !== "code") continue;
      assert.deepEqual(shown(executed[i]), shown(cell), `${file}, cell ${cell.id}`);
      tables += shown(cell).displays.filter(([, html]) => html.includes("<table")).length;
    }
  }
  return tables;
}
