/**
 * An export is shared: written by root with `deno task export`, moved to another folder, it is
 * opened by someone else. Nothing in it names a path of the exporting machine, every file is
 * readable by others; the HTML site works in Chromium from file:// (run, as root, as an
 * unprivileged user of its own: pages, diagrams, search), and an exported .ipynb, copied by an
 * unprivileged reader into a folder of theirs, runs in nbconvert with Deno's kernel as that reader
 * (a HOME and DENO_DIR of their own), showing what the export recorded, diagrams as SVG.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { curriculumPaths, loadNotebook } from "../../lib/cli/curriculum.ts";
import { INDEX_FILE, pageFile } from "../../lib/export/html_index.ts";
import { PYTHON } from "../jupyter/kernel_driver.ts";
import { assertSameOutputs, jupyterOnly, readCells } from "./ipynb_jupyter.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const path_ = (p: string) => fileURLToPath(new URL(p, import.meta.url));
/** The reader: Debian's "nobody", who owns nothing of the export or of the exporter's home. */
const READER = 65534;

const chromium = Deno.env.get("PUPPETEER_EXECUTABLE_PATH") || "/usr/bin/chromium";
const root = Deno.uid() === 0;
const why = !root
  ? "it runs as root, to read the export as another user"
  : !existsSync(chromium)
  ? `${chromium} is missing`
  : (await jupyterOnly()).ignore
  ? "nbconvert is missing"
  : undefined;
const ignore = why !== undefined && !Deno.env.get("CI");
if (ignore) console.warn(`ignoring the shared-export test: ${why}`);

const decode = (b: Uint8Array) => new TextDecoder().decode(b);

async function run(cmd: string, args: string[], options: Deno.CommandOptions = {}) {
  const out = await new Deno.Command(cmd, { ...options, args, stdout: "piped", stderr: "piped" })
    .output();
  const text = decode(out.stdout) + decode(out.stderr);
  assert.equal(out.code, 0, `${cmd} ${args.join(" ")}:\n${text.slice(-3000)}`);
  return text;
}

/** Runs a command as the reader, with only the environment given (nothing of root's). */
function asReader(args: string[], env: Record<string, string>, cwd: string) {
  return run("setpriv", [
    `--reuid=${READER}`,
    `--regid=${READER}`,
    "--clear-groups",
    "--",
    "env",
    "-i",
    "PATH=/usr/bin:/bin",
    "DENO_NO_UPDATE_CHECK=1",
    ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
    ...args,
  ], { cwd });
}

async function* files(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) yield* files(path);
    else yield path;
  }
}

/** Every folder and file readable (folders searchable) by others; no absolute path of ours. */
async function checkShareable(dir: string, exportedTo: string): Promise<number> {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // An absolute path: not the tail of a relative one ("../../work/..." is fine, it moves along).
  const ours = [ROOT, `${exportedTo}/`, `${homedir()}/`].map((p) =>
    new RegExp(`(?<!\\.\\.)${escape(p)}`)
  );
  let checked = 0;
  const mode = async (path: string) => (await Deno.stat(path)).mode! & 0o777;
  for await (const file of files(dir)) {
    assert.ok((await mode(file)) & 0o004, `${file} is not readable by others`);
    if (!/\.(html|js|css|ipynb|json|svg|md)$/.test(file)) continue;
    const text = await Deno.readTextFile(file);
    for (const re of ours) {
      const at = text.search(re);
      assert.equal(at, -1, `${file} names ${re.source}: …${text.slice(at - 60, at + 60)}…`);
    }
    checked++;
  }
  for (const folder of [dir, join(dir, "html"), join(dir, "ipynb")]) {
    assert.equal((await mode(folder)) & 0o005, 0o005, `${folder} is not open to others`);
  }
  return checked;
}

/** The exporter's npm cache, for the reader's own DENO_DIR (so that no download is needed). */
async function denoDir(): Promise<string> {
  return JSON.parse(await run(Deno.execPath(), ["info", "--json"])).denoDir;
}

Deno.test({
  name: "an export shared with another user: no path of ours, the site works in Chromium from " +
    "file://, an .ipynb runs in Jupyter as that user from their folder",
  ignore,
  async fn() {
    const tmp = await Deno.makeTempDir({ prefix: "netbook-shared-" });
    await Deno.chmod(tmp, 0o755);
    try {
      // Exported as root, as a user does.
      const exportedTo = join(tmp, "exported");
      for (const to of ["html", "ipynb"]) {
        await run(Deno.execPath(), [
          "run",
          "-A",
          "--quiet",
          join(ROOT, "lib/cli/main.ts"),
          "export",
          "--to",
          to,
          "--out",
          join(exportedTo, to),
        ], { cwd: ROOT, env: { DENO_NO_UPDATE_CHECK: "1" } });
      }
      // Handed over: the folder it was written to is gone.
      const shared = join(tmp, "shared");
      await Deno.rename(exportedTo, shared);
      assert.ok((await checkShareable(shared, exportedTo)) > 30, "the export's files were read");

      // (a) The site, in Chromium from file://. As root, Chromium runs as an unprivileged user
      // of its own (lib/render/mermaid_page/chromium.ts): it reads what others may read.
      const outDir = join(shared, "html");
      const pages = [];
      for (const path of await curriculumPaths()) {
        const notebook = await loadNotebook(path);
        const file = pageFile(notebook);
        const html = await Deno.readTextFile(join(outDir, file));
        const diagrams = (html.match(/<figure class="nb-diagram/g) ?? []).length;
        pages.push({ file, title: notebook.meta.title, diagrams });
      }
      assert.ok(pages.reduce((n, p) => n + p.diagrams, 0) > 20, "the site has its diagrams");
      const sources = pageFile(await loadNotebook("notebooks/sources.md"));
      // The index links the Chinese edition's too.
      const site = { outDir, chromium, index: INDEX_FILE, sources, pages, languages: 1 };
      await Deno.writeTextFile(join(tmp, "site.json"), JSON.stringify(site));
      await run(Deno.execPath(), [
        "run",
        "-A",
        "--quiet",
        "--config",
        path_("../../lib/render/mermaid_page/deno.json"),
        path_("./html_site_in_chromium.ts"),
        join(tmp, "site.json"),
      ]);

      // (b) Notebooks, copied by the reader into a folder of theirs and run there in Jupyter.
      const home = join(tmp, "reader");
      const deno = join(home, "deno");
      await Deno.mkdir(deno, { recursive: true });
      // The reader's DENO_DIR starts with the npm packages the exporter has (links to files
      // others may read), so that nothing is downloaded; what Deno writes is the reader's own.
      await run("cp", ["-al", join(await denoDir(), "npm"), join(deno, "npm")]);
      await run("find", [home, "-type", "d", "-exec", "chown", `${READER}:${READER}`, "{}", "+"]);
      const jupyter = join(home, "jupyter");
      const env = {
        HOME: home,
        DENO_DIR: deno,
        JUPYTER_PATH: jupyter,
        JUPYTER_DATA_DIR: jupyter,
        JUPYTER_RUNTIME_DIR: join(jupyter, "runtime"),
        NETBOOK_MODE: "replay",
        NETBOOK_HOME: ROOT,
      };
      const kernel = {
        argv: [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"],
        display_name: "Deno",
        language: "typescript",
      };
      await asReader(
        ["mkdir", "-p", join(jupyter, "kernels", "deno"), join(home, "work")],
        env,
        home,
      );
      await asReader(
        [
          "sh",
          "-c",
          'printf %s "$0" > "$1"',
          JSON.stringify(kernel),
          join(jupyter, "kernels", "deno", "kernel.json"),
        ],
        env,
        home,
      );
      const names = ["02-bridge.ipynb", "03-port-forward.ipynb"];
      await asReader(["cp", ...names.map((n) => join(shared, "ipynb", n)), "work/"], env, home);
      const copies = names.map((n) => join(home, "work", n));
      for (const copy of copies) assert.equal((await Deno.stat(copy)).uid, READER);
      await asReader(
        [
          PYTHON,
          "-m",
          "nbconvert",
          "--to",
          "notebook",
          "--execute",
          "--ExecutePreprocessor.timeout=120",
          "--output-dir",
          join(home, "ran"),
          ...names,
        ],
        env,
        join(home, "work"),
      );
      // Every cell shows what the export recorded, and every diagram is still an SVG.
      const tables = await assertSameOutputs(copies, join(home, "ran"));
      assert.ok(tables > 0, "outputs carry their HTML tables");
      for (const name of names) {
        const svgs = async (path: string) =>
          (await readCells(path)).flatMap((c) => c.outputs ?? [])
            .filter((o) => o.data?.["image/svg+xml"]).length;
        const exported = await svgs(join(shared, "ipynb", name));
        assert.ok(exported > 0, `${name} shows diagrams`);
        assert.equal(await svgs(join(home, "ran", name)), exported, `${name}: SVGs after the run`);
      }
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
