import { basename } from "node:path";
import MarkdownIt from "npm:markdown-it@15.0.3";
import type { CellResult, Output, RunResult } from "../execute/results.ts";
import type { Cell } from "../notebook/model.ts";
import { escapeHtml } from "../render/mime.ts";
import { citeSource } from "../notebook/front_matter.ts";
import { bundleDiagram, diagramKey, type PageDiagram, shownOutputs } from "./html_diagrams.ts";
import { inlineSvg } from "./html_svg.ts";
import { outputBundle } from "./output_bundle.ts";
import { STYLE_FILE } from "./site_style.ts";
import { CONTENT_SECURITY_POLICY, safeHtml, safeUrl } from "./safe_html.ts";
import { encodeBase64 } from "../fixture/base64.ts";

/** A link to a neighbouring page. */
export interface PageLink {
  href: string;
  title: string;
}

export interface PageOptions {
  /** mermaid source → its SVG (see MermaidRenderer); a source missing here shows as text. */
  svgs: Map<string, string>;
  prev?: PageLink;
  next?: PageLink;
  /** The href of the site's index. */
  index: string;
}

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
// Links and images only to http(s) or relative URLs: javascript: and the like stay text.
markdown.validateLink = (url) => safeUrl(url) !== undefined;
// A link to another notebook (`02-bridge.md`) goes to its page (`02-bridge.html`).
const defaultLinkOpen = markdown.renderer.rules.link_open ??
  ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
markdown.renderer.rules.link_open = (tokens, i, options, env, self) => {
  const href = tokens[i].attrGet("href");
  const m = typeof href === "string" && /^(?:\.\/)?(\d\d-[\w.-]+)\.md(#.*)?$/.exec(href);
  if (m) tokens[i].attrSet("href", `${m[1]}.html${m[2] ?? ""}`);
  return defaultLinkOpen(tokens, i, options, env, self);
};

/** One line of Markdown (a summary, an objective) as inline HTML; HTML in it is escaped. */
export function inlineMarkdown(text: string): string {
  return markdown.renderInline(text);
}

/**
 * The document around a page's content: charset, the Content-Security-Policy (no inline script,
 * nothing from elsewhere), viewport, title, the site's stylesheet.
 */
export function htmlDocument(o: { lang: string; title: string; body: string }): string {
  return [
    "<!doctype html>",
    `<html lang="${escapeHtml(o.lang)}">`,
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(o.title)}</title>`,
    `<link rel="stylesheet" href="${STYLE_FILE}">`,
    "</head>",
    "<body>",
    o.body,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function nav(o: PageOptions, where: "top" | "bottom"): string {
  const link = (l: PageLink | undefined, rel: "prev" | "next", arrow: string) =>
    l
      ? `<a class="nb-${rel}" rel="${rel}" href="${escapeHtml(l.href)}">${
        rel === "prev" ? `${arrow} ` : ""
      }${escapeHtml(l.title)}${rel === "next" ? ` ${arrow}` : ""}</a>`
      : `<span class="nb-${rel}"></span>`;
  return [
    `<nav class="nb-nav nb-nav-${where}" aria-label="Notebooks">`,
    link(o.prev, "prev", "←"),
    `<a class="nb-contents" href="${escapeHtml(o.index)}">Contents</a>`,
    link(o.next, "next", "→"),
    "</nav>",
  ].join("\n");
}

function header(run: RunResult): string {
  const { meta, path } = run.notebook;
  const objectives = meta.objectives.map((o) => `<li>${inlineMarkdown(o)}</li>`).join("\n");
  const sources = meta.sources.map((s) => {
    const cite = escapeHtml(citeSource(s));
    const url = s.url === undefined ? undefined : safeUrl(s.url);
    return `<li>${url ? `<a href="${escapeHtml(url)}">${cite}</a>` : cite}</li>`;
  }).join("\n");
  return [
    '<header class="nb-header">',
    `<p class="nb-path">${escapeHtml(basename(path))}</p>`,
    `<h1 class="nb-title">${escapeHtml(meta.title)}</h1>`,
    ...(meta.summary ? [`<p class="nb-summary">${inlineMarkdown(meta.summary)}</p>`] : []),
    ...(meta.objectives.length
      ? [
        '<section class="nb-objectives">',
        "<h2>Objectives</h2>",
        `<ul>\n${objectives}\n</ul>`,
        "</section>",
      ]
      : []),
    ...(meta.sources.length
      ? [
        '<section class="nb-sources">',
        "<h2>Sources</h2>",
        `<ul>\n${sources}\n</ul>`,
        "</section>",
      ]
      : []),
    `<p class="nb-run-note">Outputs: ${escapeHtml(run.mode)} (${escapeHtml(run.reason)}).</p>`,
    ...(run.error
      ? [
        '<div class="nb-run-error" role="alert">',
        "<p>This run did not finish:</p>",
        `<pre>${escapeHtml(run.error.message)}</pre>`,
        "</div>",
      ]
      : []),
    "</header>",
  ].join("\n");
}

/** Numbers the diagrams of a page so that their ids stay unique on it. */
class Figures {
  #n = 0;
  constructor(readonly svgs: Map<string, string>) {}

  render(d: PageDiagram): string {
    const scope = `d${++this.#n}-`;
    // An SVG a cell displayed is the notebook's, not netbook's drawing: shown as an image, in
    // which no script of it can run.
    if ("svg" in d) {
      const data = encodeBase64(new TextEncoder().encode(d.svg));
      return `<figure class="nb-diagram"><img alt="a diagram the notebook drew" ` +
        `src="data:image/svg+xml;base64,${data}"></figure>`;
    }
    const svg = this.svgs.get(diagramKey(d.source));
    if (svg === undefined) {
      return `<figure class="nb-diagram nb-diagram-missing"><pre class="nb-mermaid">${
        escapeHtml(d.source)
      }</pre></figure>`;
    }
    return `<figure class="nb-diagram">${inlineSvg(svg, scope)}</figure>`;
  }
}

/** One output, in the richest form the page can show: SVG, HTML, a mermaid diagram, or text. */
function output(out: Output, figures: Figures): string {
  const bundle = outputBundle(out);
  const diagram = bundleDiagram(bundle);
  if (diagram) return figures.render(diagram);
  if (bundle["text/html"] !== undefined) {
    return `<div class="nb-html">${safeHtml(bundle["text/html"])}</div>`;
  }
  const cls = out.type === "stream"
    ? `nb-stream${out.name === "stderr" ? " nb-stderr" : ""}`
    : "nb-text";
  const text = bundle["text/plain"] ?? Object.values(bundle)[0] ?? "";
  return `<pre class="${cls}">${escapeHtml(text.replace(/\n$/, ""))}</pre>`;
}

function cellFlags(cell: Cell): string[] {
  return [
    cell.options.skip ? "skip" : "",
    cell.options.expectError ? "expect-error" : "",
    cell.options.requires.length ? `requires=${cell.options.requires.join(",")}` : "",
  ].filter(Boolean);
}

function statusNote(result: CellResult | undefined): string {
  switch (result?.status) {
    case "skipped":
      return `<p class="nb-skipped">Skipped${
        result.note ? `: ${escapeHtml(result.note)}` : "."
      }</p>`;
    case "failed":
      return `<p class="nb-failed">This cell failed${
        result.note ? `: ${escapeHtml(result.note)}` : "."
      }</p>`;
    case "not-run":
    case undefined:
      return '<p class="nb-not-run">Not run: the run stopped before this cell.</p>';
    default:
      return "";
  }
}

function cell(c: Cell, run: RunResult, outputs: Output[], figures: Figures): string {
  const result = run.cells.find((r) => r.id === c.id);
  const status = result?.status ?? "not-run";
  const head = [
    `<span class="nb-cell-id">${escapeHtml(c.id)}</span>`,
    ...cellFlags(c).map((f) => `<span class="nb-cell-flag">${escapeHtml(f)}</span>`),
    `<span class="nb-cell-line">${escapeHtml(basename(run.notebook.path))}:${c.line}</span>`,
  ].join(" ");
  const shown = outputs.map((o) => output(o, figures)).filter(Boolean);
  return [
    `<section class="nb-cell nb-${escapeHtml(status)}" id="cell-${escapeHtml(c.id)}">`,
    `<div class="nb-cell-head">${head}</div>`,
    `<pre class="nb-code"><code class="language-ts">${
      escapeHtml(c.code.replace(/\n$/, ""))
    }</code></pre>`,
    statusNote(result),
    ...(shown.length ? [`<div class="nb-outputs">\n${shown.join("\n")}\n</div>`] : []),
    "</section>",
  ].filter(Boolean).join("\n");
}

/**
 * One notebook's page: navigation, the title, summary, objectives and sources, then the narrative,
 * diagrams (inline SVG) and code cells in order, each cell followed by its outputs (transcripts,
 * tables, diagrams, text). Links to the stylesheet only; fetches nothing. Pure.
 */
export function renderPage(run: RunResult, o: PageOptions): string {
  const figures = new Figures(o.svgs);
  const outputs = shownOutputs(run);
  const body = run.notebook.parts.map((part) => {
    switch (part.kind) {
      case "markdown":
        return markdown.render(part.text);
      case "mermaid":
        return figures.render({ source: part.source });
      case "code":
        return part.options.hidden ? "" : cell(part, run, outputs.get(part.id) ?? [], figures);
    }
  }).filter(Boolean);
  return htmlDocument({
    lang: run.notebook.meta.lang,
    title: `${run.notebook.meta.title} · netbook`,
    body: [
      nav(o, "top"),
      "<main>",
      header(run),
      '<article class="nb-notebook">',
      ...body,
      "</article>",
      "</main>",
      nav(o, "bottom"),
    ].join("\n"),
  });
}
