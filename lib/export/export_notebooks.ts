import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Notebook } from "../notebook/model.ts";
import type { RunResult } from "../execute/results.ts";
import { runNotebooks } from "../execute/run_notebook.ts";
import { ChromiumMissingError } from "../render/chromium_missing_error.ts";
import { MermaidRenderer } from "../render/mermaid_svg.ts";
import { pagePackages } from "../render/mermaid_packages.ts";
import { mermaidCacheDir } from "../render/mermaid_svg_cache.ts";
import { exportHtmlSite } from "./html_site.ts";
import { mermaidSource, outputBundle } from "./output_bundle.ts";
import { toIpynb } from "./to_ipynb.ts";
import { toMarkdown } from "./to_markdown.ts";
import { writeFiles } from "./write_files.ts";
import { pcapFiles } from "./pcap_files.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** What an export writes: Jupyter notebooks, a static HTML site, or Markdown with outputs. */
export type ExportFormat = "ipynb" | "html" | "md";
/** Every export format, in the order the CLI lists them. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ["ipynb", "html", "md"];

/** How exportNotebooks exports. */
export interface ExportOptions {
  /** The format to write. */
  to: ExportFormat;
  /** The folder the files go to (made if missing). */
  outDir: string;
  /** Draws diagrams (html always; ipynb adds an SVG to each diagram output when it can). */
  renderer?: MermaidRenderer;
  /** Told what the reader should know, e.g. that diagrams were left as mermaid source. */
  onNote?: (note: string) => void;
  /** Pages beside the notebooks (the curriculum's sources): linked, not in order (html, md). */
  extras?: Notebook[];
  /**
   * Aborting stops the export at once (Ctrl-C): replays and diagrams being drawn stop (Chromium
   * with them), and nothing is written.
   */
  signal?: AbortSignal;
  /** How many notebook processes replay at once; by default replayLanes of the notebooks. */
  lanes?: number;
}

/**
 * How many notebook processes replay at once: one per core (the machine's, as Deno sees it), at
 * most one per REPLAY_LANE_SIZE notebooks (each process costs its start).
 */
export function replayLanes(count: number, cores = navigator.hardwareConcurrency): number {
  return Math.max(1, Math.min(cores || 1, Math.ceil(count / REPLAY_LANE_SIZE)));
}
/** The fewest notebooks worth a notebook process of their own. */
const REPLAY_LANE_SIZE = 4;

/**
 * Replays each notebook from its recording, in a few notebook processes at once (replayLanes);
 * the runs come in the notebooks' order. A notebook that cannot replay stops the export (the
 * first in that order that failed is named), whichever finished first.
 */
async function replayAll(
  notebooks: Notebook[],
  signal?: AbortSignal,
  lanes = replayLanes(notebooks.length),
): Promise<RunResult[]> {
  const runs = await runNotebooks(notebooks, { mode: "replay", signal, lanes });
  signal?.throwIfAborted();
  const failed = runs.find((run) => !run.ok);
  if (failed) {
    throw new Error(
      `cannot export ${failed.notebook.path}: ${failed.error?.message ?? "its replay failed"}`,
    );
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
    for (const part of run.notebook.parts) {
      if (part.kind === "mermaid") sources.add(part.source.replace(/\s+$/, ""));
    }
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

/**
 * The folder of a notebook's language in an export: none for English, `zh/` for Chinese, as
 * the curriculum keeps them, so that twins of one name do not overwrite each other.
 */
function languageFolder(run: RunResult): string {
  const lang = run.notebook.meta.lang;
  return lang === "en" ? "" : `${lang}/`;
}

/**
 * Where an export in `outDir` finds netbook: mod.ts relative to the export's folder, never an
 * absolute path of this machine (the first cell takes $NETBOOK_HOME instead where the notebook
 * has moved). mod.ts names its packages in full (npm:name@version), so it loads from anywhere.
 */
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
  if (o.to === "md") {
    const pages = await replayAll([...notebooks, ...o.extras ?? []], o.signal, o.lanes);
    o.signal?.throwIfAborted();
    const named = (run: RunResult) => basename(run.notebook.path, ".md") + ".md";
    const files = new Map<string, string | Uint8Array>();
    for (const r of pages) {
      const dir = languageFolder(r);
      files.set(dir + named(r), toMarkdown(r));
      for (const [name, bytes] of pcapFiles(r).files) files.set(dir + name, bytes);
    }
    return await writeFiles(resolve(o.outDir), files);
  }
  if (o.to === "html") {
    // The site draws its diagrams in the page (mermaid's bundle, copied into it): nothing to draw.
    // The bundle is installed into the user's cache (if it is not there yet) while notebooks
    // replay, the pages beside them (extras) with them.
    const bundle = pagePackages(mermaidCacheDir());
    bundle.catch(() => {}); // its failure is the export's, below, once the replays are done
    const all = await replayAll([...notebooks, ...o.extras ?? []], o.signal, o.lanes);
    return await exportHtmlSite(all.slice(0, notebooks.length), {
      outDir: resolve(o.outDir),
      extras: all.slice(notebooks.length),
      mermaidBundle: (await bundle).mermaidBundle,
      signal: o.signal,
    });
  }
  if (o.renderer) return await exportDrawn(notebooks, o, o.renderer);
  await using renderer = new MermaidRenderer();
  const stop = () => void renderer.kill();
  o.signal?.addEventListener("abort", stop);
  try {
    return await exportDrawn(notebooks, o, renderer);
  } finally {
    o.signal?.removeEventListener("abort", stop);
  }
}

/**
 * Whether drawing will need the browser: a notebook's own diagram is not in the cache yet (the
 * diagrams cells show are known only after the replay; a new notebook usually has both kinds).
 */
async function needsBrowser(notebooks: Notebook[], renderer: MermaidRenderer): Promise<boolean> {
  const files = notebooks.flatMap((nb) =>
    nb.parts.flatMap((part) => part.kind === "mermaid" ? [renderer.cacheFile(part.source)] : [])
  );
  const present = await Promise.all(files.map((f) => Deno.stat(f).then(() => true, () => false)));
  return present.includes(false);
}

/** The html and ipynb exports: both draw diagrams, so the browser starts while notebooks replay. */
async function exportDrawn(
  notebooks: Notebook[],
  o: ExportOptions,
  renderer: MermaidRenderer,
): Promise<string[]> {
  if (await needsBrowser([...notebooks, ...o.extras ?? []], renderer)) renderer.warm();
  const runs = await replayAll(notebooks, o.signal, o.lanes);
  const outDir = resolve(o.outDir);
  const svgs = await outputSvgs(runs, renderer, o.onNote);
  o.signal?.throwIfAborted();
  const files = new Map(runs.map((run) => {
    const dir = languageFolder(run);
    const ipynb = toIpynb(run, {
      modImport: modImport(join(outDir, dir)),
      notebookPath: relative(ROOT, resolve(run.notebook.path)).replaceAll("\\", "/"),
      svgs,
    });
    return [
      dir + basename(run.notebook.path, ".md") + ".ipynb",
      JSON.stringify(ipynb, null, 1) + "\n",
    ];
  }));
  return await writeFiles(outDir, files);
}
