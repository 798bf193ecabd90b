import { readFile } from "node:fs/promises";
import { basename, isAbsolute, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { RunResult } from "../execute/results.ts";
import { fixturePathFor, recordedNotebookOf } from "../fixture/paths.ts";
import { pagePackages } from "../render/mermaid_packages.ts";
import { mermaidCacheDir } from "../render/mermaid_svg_cache.ts";
import { INDEX_FILE, pageFile, renderIndex } from "./html_index.ts";
import { type PageLink, type RecordedAt, renderPage, slugify } from "./html_page.ts";
import { buildSearchIndex, type SearchDoc, searchIndexScript } from "./search_index.ts";
import { MERMAID_FILE, SCRIPT_FILE, SEARCH_INDEX_FILE, siteScript } from "./site_script.ts";
import { SITE_STYLE, STYLE_FILE } from "./site_style.ts";
import { writeFiles } from "./write_files.ts";
import { pcapFiles } from "./pcap_files.ts";

const NETBOOK = import.meta.url.startsWith("file:")
  ? fileURLToPath(new URL("../../", import.meta.url))
  : undefined;

/**
 * The path a reader runs a notebook with, as the page says it: relative to a clone of netbook,
 * never an absolute path of the machine that exported the site.
 */
function runPath(path: string): string {
  if (!isAbsolute(path)) return path;
  const inside = NETBOOK === undefined ? ".." : relative(NETBOOK, path);
  return inside.startsWith("..") || isAbsolute(inside) ? basename(path) : inside;
}

export interface HtmlSiteOptions {
  /** The folder the site goes to; made if missing. Files of the same name are replaced. */
  outDir: string;
  /** Pages beside the curriculum (its sources): linked from the index, not in its order. */
  extras?: RunResult[];
  /**
   * mermaid's bundle (`mermaid.min.js`), copied into the site: its pages draw their diagrams with
   * it. Default: the one installed in the user's cache (pagePackages), installed there first if
   * need be.
   */
  mermaidBundle?: string;
  /** Where each run's recording is read (where the outputs come from). Default fixturePathFor. */
  fixtureFor?: (notebookPath: string) => string;
  /** Once aborted, nothing is written. */
  signal?: AbortSignal;
}

/** The folder of the source Markdown files in the site: each page links its own. */
export const SOURCE_DIR = "src";

/** The site's first language sits at its root; every other in a folder of its own (`zh/`). */
function languageDir(lang: string, first: string): string {
  return lang === first ? "" : `${lang}/`;
}

async function recordedAt(path: string): Promise<RecordedAt | undefined> {
  try {
    const fixture = JSON.parse(await readFile(path, "utf8"));
    const r = fixture.recorded;
    return {
      kernel: String(r.kernel),
      lab: String(r.backend?.kind ?? "netns"),
      date: String(r.date).slice(0, 10),
    };
  } catch {
    return undefined;
  }
}

/** A page's sections for the search: its header, then each heading's text up to the next. */
function sections(run: RunResult, page: string): SearchDoc[] {
  const { meta } = run.notebook;
  const docs: SearchDoc[] = [{
    page,
    anchor: "",
    title: meta.title,
    text: [meta.summary ?? "", ...meta.objectives].join(" "),
  }];
  const taken = new Set<string>(run.notebook.cells.map((c) => `cell-${c.id}`));
  for (const part of run.notebook.parts) {
    const text = part.kind === "markdown"
      ? part.text
      : part.kind === "code"
      ? (part.options.hidden ? "" : part.code)
      : part.kind === "exercise"
      ? [part.title, part.task, ...part.hints].join("\n")
      : part.kind === "question"
      ? [part.ask, ...part.choices].join("\n")
      : part.source;
    for (const line of text.split("\n")) {
      const h = part.kind === "markdown" ? /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line) : null;
      if (h) {
        // The same ids the page gives its headings (slugify, in order).
        const title = (h[2] ?? "").replace(/[*_`]/g, "");
        docs.push({
          page,
          anchor: slugify(title, taken),
          title: `${meta.title} › ${title}`,
          text: "",
        });
      } else {
        docs.at(-1)!.text += `\n${line}`;
      }
    }
  }
  return docs;
}

/**
 * Exports runs (in curriculum order) as a static site: `index.html`, one `NN-slug.html` per
 * notebook with previous/next links and its packet captures (`NN-slug.CELL.pcap`), the
 * notebooks' Markdown sources (`src/`), `style.css`,
 * `site.js` (diagrams, copy buttons, search), mermaid's bundle (the pages draw their diagrams
 * with it, light or dark), and a search index per language, loaded by a `<script src>` so that
 * it works from file:// with no network. A language other than the first gets a folder of its
 * own with its own index, and each page links its twins. Everything is rendered before anything
 * is written, then written to a folder beside `outDir` and moved into place: an error leaves
 * `outDir` as it was. Returns the paths written.
 */
export async function exportHtmlSite(
  runs: RunResult[],
  options: HtmlSiteOptions,
): Promise<string[]> {
  const extras = options.extras ?? [];
  const bundle = options.mermaidBundle ??
    (await pagePackages(mermaidCacheDir())).mermaidBundle;
  const files = new Map<string, string | Uint8Array>([
    [STYLE_FILE, SITE_STYLE],
    [SCRIPT_FILE, siteScript()],
    [MERMAID_FILE, await readFile(bundle, "utf8")],
  ]);
  const fixtureFor = options.fixtureFor ?? fixturePathFor;
  const langs = [...new Set([...runs, ...extras].map((r) => r.notebook.meta.lang))];
  const first = langs[0] ?? "en";
  // Sources with a URL, by title: a quoted title in a page links to it.
  const sources = new Map<string, string>();
  for (const r of [...runs, ...extras]) {
    for (const s of r.notebook.meta.sources) if (s.url) sources.set(s.title, s.url);
  }
  // Twins: the same file name in each language.
  const twins = new Map<string, Map<string, string>>();
  for (const r of [...runs, ...extras]) {
    const name = pageFile(r.notebook);
    const dir = languageDir(r.notebook.meta.lang, first);
    (twins.get(name) ?? twins.set(name, new Map()).get(name)!).set(
      r.notebook.meta.lang,
      dir + name,
    );
  }

  for (const lang of langs) {
    const dir = languageDir(lang, first);
    const base = dir ? "../" : "";
    const mine = runs.filter((r) => r.notebook.meta.lang === lang);
    const myExtras = extras.filter((r) => r.notebook.meta.lang === lang);
    const notebooks = new Map<string, string>();
    for (const r of mine) {
      const number = /^(\d\d)-/.exec(basename(r.notebook.path))?.[1];
      if (number) notebooks.set(number, pageFile(r.notebook));
    }
    const link = (r: RunResult | undefined): PageLink | undefined =>
      r && { href: pageFile(r.notebook), title: r.notebook.meta.title };
    const docs: SearchDoc[] = [];
    const page = async (run: RunResult, nav: { prev?: PageLink; next?: PageLink }) => {
      const name = pageFile(run.notebook);
      if (files.has(dir + name)) {
        throw new Error(
          `two notebooks would both be written as ${dir + name} (${run.notebook.path})`,
        );
      }
      const source = `${SOURCE_DIR}/${basename(run.notebook.path)}`;
      files.set(dir + source, run.notebook.source);
      // Every page switches language: to its twin, or to the other language's index.
      const languages = new Map(
        langs.filter((l) => l !== lang).map((l) => [
          l,
          base + (twins.get(name)!.get(l) ?? languageDir(l, first) + INDEX_FILE),
        ]),
      );
      files.set(
        dir + name,
        renderPage(run, {
          ...nav,
          index: INDEX_FILE,
          notebooks,
          sources,
          recorded: run.mode === "replay"
            ? await recordedAt(fixtureFor(recordedNotebookOf(run.notebook.path, run.notebook.meta)))
            : undefined,
          sourceHref: source,
          runPath: runPath(run.notebook.path),
          base,
          languages,
        }),
      );
      for (const [pcap, bytes] of pcapFiles(run).files) files.set(dir + pcap, bytes);
      docs.push(...sections(run, name));
    };
    for (const [i, run] of mine.entries()) {
      await page(run, { prev: link(mine[i - 1]), next: link(mine[i + 1]) });
    }
    for (const extra of myExtras) await page(extra, {});
    files.set(
      dir + INDEX_FILE,
      renderIndex(mine, myExtras, { base, languages: indexTwins(langs, lang, first) }),
    );
    files.set(dir + SEARCH_INDEX_FILE, searchIndexScript(buildSearchIndex(docs)));
  }
  options.signal?.throwIfAborted();
  return await writeFiles(options.outDir, files);
}

/** The index of each other language, from this language's index. */
function indexTwins(langs: string[], lang: string, first: string): Map<string, string> {
  const base = languageDir(lang, first) ? "../" : "";
  return new Map(
    langs.filter((l) => l !== lang).map((l) => [l, `${base}${languageDir(l, first)}${INDEX_FILE}`]),
  );
}
