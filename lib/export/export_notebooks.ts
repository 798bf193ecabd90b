import { basename, isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Notebook } from "../notebook/model.ts";
import type { RunResult } from "../execute/results.ts";
import { runNotebook } from "../execute/run_notebook.ts";
import { ChromiumMissingError } from "../render/chromium_missing_error.ts";
import { MermaidRenderer } from "../render/mermaid_svg.ts";
import { exportHtmlSite } from "./html_site.ts";
import { mermaidSource, outputBundle } from "./output_bundle.ts";
import { toIpynb } from "./to_ipynb.ts";
import { toMarkdown } from "./to_markdown.ts";
import { writeFiles } from "./write_files.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export type ExportFormat = "ipynb" | "html" | "md";
export const EXPORT_FORMATS: readonly ExportFormat[] = ["ipynb", "html", "md"];

export interface ExportOptions {
  to: ExportFormat;
  outDir: string;
  /** Draws diagrams (html always; ipynb adds an SVG to each diagram output when it can). */
  renderer?: MermaidRenderer;
  /** Told what the reader should know, e.g. that diagrams were left as mermaid source. */
  onNote?: (note: string) => void;
}

/** Replays each notebook from its recording; a notebook that cannot replay stops the export. */
async function replayAll(notebooks: Notebook[]): Promise<RunResult[]> {
  const runs: RunResult[] = [];
  for (const notebook of notebooks) {
    const run = await runNotebook(notebook, { mode: "replay" });
    if (!run.ok) {
      throw new Error(
        `cannot export ${notebook.path}: ${run.error?.message ?? "its replay failed"}`,
      );
    }
    runs.push(run);
  }
  return runs;
}

/** SVGs for the diagrams among the runs' outputs; none (and a note) without Chromium. */
async function outputSvgs(
  runs: RunResult[],
  renderer: MermaidRenderer,
  onNote?: (note: string) => void,
): Promise<Map<string, string>> {
  const sources = new Set<string>();
  for (const run of runs) {
    for (const cell of run.cells) {
      for (const output of cell.outputs) {
        if (output.type === "stream") continue;
        const source = mermaidSource(outputBundle(output));
        if (source !== undefined) sources.add(source);
      }
    }
  }
  const svgs = new Map<string, string>();
  try {
    await Promise.all([...sources].map(async (s) => svgs.set(s, await renderer.render(s))));
  } catch (e) {
    if (!(e instanceof ChromiumMissingError)) throw e;
    onNote?.(`diagrams stay as mermaid source (JupyterLab draws them): ${e.message}`);
    svgs.clear();
  }
  return svgs;
}

/** How an export in `outDir` imports netbook: a relative path to the repository's mod.ts. */
function modImport(outDir: string): string {
  const path = relative(outDir, resolve(ROOT, "mod.ts")).replaceAll("\\", "/");
  return path.startsWith(".") ? path : `./${path}`;
}

/**
 * Exports notebooks, replayed from their recordings, as Jupyter notebooks, a static HTML site,
 * or Markdown with outputs. Everything is rendered before anything is written; no file is ever
 * half-written. Returns the paths written.
 */
export async function exportNotebooks(notebooks: Notebook[], o: ExportOptions): Promise<string[]> {
  const runs = await replayAll(notebooks);
  const outDir = resolve(o.outDir);
  const named = (ext: string) => (run: RunResult) => basename(run.notebook.path, ".md") + ext;
  if (o.to === "html") return await exportHtmlSite(runs, { outDir, renderer: o.renderer });
  if (o.to === "md") {
    return await writeFiles(outDir, new Map(runs.map((r) => [named(".md")(r), toMarkdown(r)])));
  }
  if (relative(ROOT, outDir).startsWith("..") || isAbsolute(relative(ROOT, outDir))) {
    o.onNote?.(
      `${o.outDir} is outside the repository: Jupyter's Deno kernel finds netbook's imports ` +
        "through the repository's deno.json, so open these notebooks from a folder inside it",
    );
  }
  let svgs: Map<string, string>;
  if (o.renderer) {
    svgs = await outputSvgs(runs, o.renderer, o.onNote);
  } else {
    await using renderer = new MermaidRenderer();
    svgs = await outputSvgs(runs, renderer, o.onNote);
  }
  const files = new Map(runs.map((run) => {
    const ipynb = toIpynb(run, {
      modImport: modImport(outDir),
      notebookPath: relative(ROOT, resolve(run.notebook.path)).replaceAll("\\", "/"),
      svgs,
    });
    return [named(".ipynb")(run), JSON.stringify(ipynb, null, 1) + "\n"];
  }));
  return await writeFiles(outDir, files);
}
