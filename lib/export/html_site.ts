import type { RunResult } from "../execute/results.ts";
import { MermaidRenderer } from "../render/mermaid_svg.ts";
import { pageDiagrams } from "./html_diagrams.ts";
import { INDEX_FILE, pageFile, renderIndex } from "./html_index.ts";
import { type PageLink, renderPage } from "./html_page.ts";
import { SITE_STYLE, STYLE_FILE } from "./site_style.ts";
import { writeFiles } from "./write_files.ts";

export interface HtmlSiteOptions {
  /** The folder the site goes to; made if missing. Files of the same name are replaced. */
  outDir: string;
  /**
   * Draws the diagrams. Default: a MermaidRenderer (SVGs cached in ~/.cache/netbook), closed at the
   * end; a renderer given stays open, for its owner to close.
   */
  renderer?: Pick<MermaidRenderer, "render">;
  /** Pages beside the curriculum (its sources): linked from the index, not in its order. */
  extras?: RunResult[];
  /** Once aborted, nothing is written. */
  signal?: AbortSignal;
}

/** Every diagram source of the runs' pages, drawn once each: source → SVG. */
async function drawAll(
  runs: RunResult[],
  renderer: Pick<MermaidRenderer, "render">,
): Promise<Map<string, string>> {
  const sources = new Set(
    runs.flatMap((r) => pageDiagrams(r).flatMap((d) => "source" in d ? [d.source] : [])),
  );
  const svgs = new Map<string, string>();
  await Promise.all(
    [...sources].map(async (source) => svgs.set(source, await renderer.render(source))),
  );
  return svgs;
}

/** The site's files, name → content, all rendered in memory. */
function siteFiles(
  runs: RunResult[],
  svgs: Map<string, string>,
  extras: RunResult[],
): Map<string, string> {
  const files = new Map<string, string>([[STYLE_FILE, SITE_STYLE], [
    INDEX_FILE,
    renderIndex(runs, extras),
  ]]);
  for (const extra of extras) {
    files.set(pageFile(extra.notebook), renderPage(extra, { svgs, index: INDEX_FILE }));
  }
  const link = (r: RunResult | undefined): PageLink | undefined =>
    r && { href: pageFile(r.notebook), title: r.notebook.meta.title };
  runs.forEach((run, i) => {
    const name = pageFile(run.notebook);
    if (files.has(name)) {
      throw new Error(`two notebooks would both be written as ${name} (${run.notebook.path})`);
    }
    files.set(
      name,
      renderPage(run, {
        svgs,
        prev: link(runs[i - 1]),
        next: link(runs[i + 1]),
        index: INDEX_FILE,
      }),
    );
  });
  return files;
}

/**
 * Exports runs (in curriculum order) as a static site: `index.html`, one `NN-slug.html` per
 * notebook with previous/next links, and `style.css`. Diagrams are drawn to SVG and inlined, so
 * the site works from the file system with no network. Everything is rendered before anything
 * is written, then written to a folder beside `outDir` and moved into place: an error leaves
 * `outDir` as it was. Returns the paths written.
 */
export async function exportHtmlSite(
  runs: RunResult[],
  options: HtmlSiteOptions,
): Promise<string[]> {
  let svgs: Map<string, string>;
  if (options.renderer) {
    svgs = await drawAll(runs, options.renderer);
  } else {
    await using renderer = new MermaidRenderer();
    svgs = await drawAll(runs, renderer);
  }
  options.signal?.throwIfAborted();
  return await writeFiles(options.outDir, siteFiles(runs, svgs, options.extras ?? []));
}
