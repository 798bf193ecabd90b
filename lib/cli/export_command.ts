import { relative } from "node:path";
import { EXPORT_FORMATS, type ExportFormat, exportNotebooks } from "../export/export_notebooks.ts";
import { curriculumPaths, loadNotebook, NOTEBOOKS_DIR } from "./curriculum.ts";
import { findNotebook } from "./find_notebook.ts";
import { type Terminal, UsageError } from "./terminal.ts";

/** Exports recorded runs (all notebooks, or those named) as ipynb, HTML or Markdown. */
export async function exportCommand(
  t: Terminal,
  args: string[],
  o: { to?: string; out?: string },
): Promise<number> {
  if (!EXPORT_FORMATS.includes(o.to as ExportFormat)) {
    throw new UsageError(`--to must be ${EXPORT_FORMATS.join(", ")} (not "${o.to ?? ""}")`);
  }
  const format = o.to as ExportFormat;
  const all = args.length === 0 || (args.length === 1 && args[0] === "all");
  const notebooks = [];
  for (
    const path of all
      ? await curriculumPaths()
      : await Promise.all(args.map((a) => findNotebook(a)))
  ) {
    notebooks.push(await loadNotebook(path));
  }
  // The whole curriculum takes its sources page along (a page of narrative, no cells).
  const sources = `${NOTEBOOKS_DIR}sources.md`;
  const extras = all && await Deno.stat(sources).then(() => true, () => false)
    ? [await loadNotebook(sources)]
    : [];
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
      onNote: (note) => t.write(t.style.yellow(`note: ${note}\n`)),
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
