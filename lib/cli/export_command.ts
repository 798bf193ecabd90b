import { relative } from "node:path";
import { EXPORT_FORMATS, type ExportFormat, exportNotebooks } from "../export/export_notebooks.ts";
import { curriculumPaths, LANGS, loadNotebook, NOTEBOOKS_DIR, notebooksDir } from "./curriculum.ts";
import { findNotebook } from "./find_notebook.ts";
import { type Terminal, UsageError } from "./terminal.ts";
import { visible } from "../render/visible.ts";

/**
 * The pages beside a language's curriculum: the sources page first, then the others (the
 * Chinese edition's glossary), in name order.
 */
async function extraPages(lang: string): Promise<string[]> {
  const dir = lang === "en" ? NOTEBOOKS_DIR : notebooksDir(lang);
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (!e.isFile || !e.name.endsWith(".md") || /^\d\d-/.test(e.name)) continue;
      if (lang === "en" && e.name !== "sources.md") continue;
      names.push(e.name);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  names.sort((a, b) => Number(b === "sources.md") - Number(a === "sources.md") || (a < b ? -1 : 1));
  return names.map((n) => `${dir}${n}`);
}

/**
 * Exports recorded runs (all notebooks, or those named) as ipynb, HTML or Markdown. All of them
 * is the curriculum in every language (English, then notebooks/zh/), each with its pages beside
 * it (sources, glossary); `--lang` names notebooks in that language's curriculum.
 */
export async function exportCommand(
  t: Terminal,
  args: string[],
  o: { to?: string; out?: string; lang?: string },
): Promise<number> {
  if (!EXPORT_FORMATS.includes(o.to as ExportFormat)) {
    throw new UsageError(`--to must be ${EXPORT_FORMATS.join(", ")} (not "${o.to ?? ""}")`);
  }
  const format = o.to as ExportFormat;
  const all = args.length === 0 || (args.length === 1 && args[0] === "all");
  const notebooks = [];
  for (
    const path of all
      ? (await Promise.all(LANGS.map((l) => curriculumPaths(l)))).flat()
      : await Promise.all(args.map((a) => findNotebook(a, o.lang)))
  ) {
    notebooks.push(await loadNotebook(path));
  }
  // The whole curriculum takes its sources page along (a page of narrative, no cells).
  const extras = [];
  if (all) {
    for (const lang of LANGS) {
      for (const page of await extraPages(lang)) extras.push(await loadNotebook(page));
    }
  }
  // Ctrl-C and SIGTERM stop it at once: replays and diagrams stop (Chromium with them), and
  // nothing is written.
  const abort = new AbortController();
  let stoppedBy = "";
  const stop = (by: string) => () => {
    stoppedBy ||= by;
    abort.abort();
  };
  const interrupt = stop("");
  const terminate = stop(" by SIGTERM");
  Deno.addSignalListener("SIGINT", interrupt);
  Deno.addSignalListener("SIGTERM", terminate);
  let written: string[];
  try {
    written = await exportNotebooks(notebooks, {
      to: format,
      extras,
      outDir: o.out ?? `dist/${format}`,
      onNote: (note) => t.write(t.style.yellow(`note: ${visible(note)}\n`)),
      signal: abort.signal,
    });
  } catch (e) {
    if (!abort.signal.aborted) throw e;
    t.write(
      t.style.yellow(`Interrupted${stoppedBy}: the export was stopped; nothing was written.\n`),
    );
    return 130;
  } finally {
    Deno.removeSignalListener("SIGINT", interrupt);
    Deno.removeSignalListener("SIGTERM", terminate);
  }
  for (const path of written) t.write(`${t.style.green("wrote")} ${relative(Deno.cwd(), path)}\n`);
  return 0;
}
