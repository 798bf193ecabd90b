import { basename } from "node:path";
import MarkdownIt from "../npm/markdown_it.ts";
import { htmlLang, messagesOf } from "../i18n/messages.ts";
import type { CellResult, Output, RunResult } from "../execute/results.ts";
import type { Cell, ExercisePart } from "../notebook/model.ts";
import { foldedAs, labCommandFor } from "./exercise_parts.ts";
import { escapeHtml } from "../render/mime.ts";
import { citeSource } from "../notebook/front_matter.ts";
import type { Transcript } from "../render/transcript.ts";
import { bundleDiagram, diagramKey, type PageDiagram, shownOutputs } from "./html_diagrams.ts";
import { highlightCode } from "./highlight.ts";
import { outputBundle, shownDiagram } from "./output_bundle.ts";
import { pcapFiles } from "./pcap_files.ts";
import { pcapLinkHtml, pcapOf } from "../render/pcap_attachment.ts";
import { MERMAID_FILE, SCRIPT_FILE, SEARCH_INDEX_FILE } from "./site_script.ts";
import { STYLE_FILE } from "./site_style.ts";
import { CONTENT_SECURITY_POLICY, safeHtml, safeUrl } from "./safe_html.ts";
import { encodeBase64 } from "../fixture/base64.ts";

/** A link to a neighbouring page. */
export interface PageLink {
  href: string;
  title: string;
}

/** Where a page's outputs were recorded, read from its recording. */
export interface RecordedAt {
  /** The kernel's release (`uname -r`). */
  kernel: string;
  /** "netns" or "vm". */
  lab: string;
  /** The day of the recording, YYYY-MM-DD. */
  date: string;
}

export interface PageOptions {
  /**
   * Kept for callers that drew SVGs before: the site draws diagrams in the page now (mermaid's
   * bundle), so this map is not read.
   */
  svgs?: Map<string, string>;
  prev?: PageLink;
  next?: PageLink;
  /** The href of the site's index. */
  index: string;
  /** The notebooks of the site by their number ("07" → "07-flannel-vxlan.html"): linked. */
  notebooks?: ReadonlyMap<string, string>;
  /** Sources by title → URL: a quoted title in the narrative links to its URL. */
  sources?: ReadonlyMap<string, string>;
  /** Where the outputs were recorded (from the fixture); said at the top of the page. */
  recorded?: RecordedAt;
  /** The href of the notebook's Markdown source, copied into the site. */
  sourceHref?: string;
  /** The path a reader runs it with: `deno task notebook PATH`. */
  runPath?: string;
  /** The prefix of the site's shared files (style, scripts) from this page: "" or "../". */
  base?: string;
  /** The same page in the site's other languages: language code → href. */
  languages?: ReadonlyMap<string, string>;
}

/** What the Markdown renderer collects and reads while it renders one page. */
interface MarkdownEnv {
  [key: string]: unknown;
  notebooks?: ReadonlyMap<string, string>;
  sources?: ReadonlyMap<string, string>;
  /** Ids already used on the page. */
  ids?: Set<string>;
  /** The headings met, in order. */
  headings?: { level: number; id: string; text: string }[];
  /** The page's language: its own words (the anchors' labels) are in it. */
  lang?: string;
}

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });
// Links and images only to http(s) or relative URLs: javascript: and the like stay text.
markdown.validateLink = (url) => safeUrl(url) !== undefined;
// A link to another notebook (`02-bridge.md`) goes to its page (`02-bridge.html`).
const defaultLinkOpen = markdown.renderer.rules.link_open ??
  ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
markdown.renderer.rules.link_open = (tokens, i, options, env, self) => {
  const token = tokens[i];
  const href = token?.attrGet("href");
  const m = typeof href === "string" && /^(?:\.\/)?(\d\d-[\w.-]+)\.md(#.*)?$/.exec(href);
  if (m) token?.attrSet("href", `${m[1]}.html${m[2] ?? ""}`);
  return defaultLinkOpen(tokens, i, options, env, self);
};

/** A heading's id: its words, lower-case, joined by dashes; Chinese kept; unique on the page. */
export function slugify(text: string, taken: Set<string>): string {
  const base =
    text.normalize("NFKC").toLowerCase().replace(/[`"'“”‘’()\[\]{}<>,.;:!?/\\|*+=~^$#@%&]/g, "")
      .trim().replace(/\s+/g, "-").replace(/-+/g, "-") || "section";
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

type Token = ReturnType<typeof markdown.parse>[number];

// Headings get ids and a permalink; the page's table of contents is built from them.
markdown.core.ruler.push("nb_headings", (state) => {
  const env = state.env as MarkdownEnv;
  const tokens = state.tokens;
  for (const [i, heading] of tokens.entries()) {
    const inline = tokens[i + 1];
    if (heading.type !== "heading_open" || inline === undefined) continue;
    const text = (inline.children ?? []).filter((t) =>
      t.type === "text" || t.type === "code_inline"
    )
      .map((t) => t.content).join("");
    const id = slugify(text, env.ids ??= new Set());
    heading.attrSet("id", id);
    (env.headings ??= []).push({ level: Number(heading.tag.slice(1)), id, text });
    const open = new state.Token("link_open", "a", 1);
    open.attrSet("class", "nb-anchor");
    open.attrSet("href", `#${id}`);
    open.attrSet("aria-label", messagesOf(env.lang).linkToSection(text));
    const mark = new state.Token("text", "", 0);
    mark.content = "#";
    const close = new state.Token("link_close", "a", -1);
    inline.children = [...inline.children ?? [], open, mark, close];
  }
});

/** "notebook 07", "notebooks 06 and 07", a bold "**09**", a quoted source title: links. */
markdown.core.ruler.push("nb_links", (state) => {
  const env = state.env as MarkdownEnv;
  const notebooks = env.notebooks ?? new Map<string, string>();
  const sources = env.sources ?? new Map<string, string>();
  const titles = [...sources.keys()].sort((a, b) => b.length - a.length)
    .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const quoted = titles.length ? `["“](${titles.join("|")})["”]` : "(?!)";
  const pattern = new RegExp(
    `\\b(notebooks?)((?:\\s*(?:,|and|or|to)?\\s*\\d\\d\\b)+)|${quoted}`,
    "g",
  );
  const linkTokens = (href: string, text: string, cls: string): Token[] => {
    // A source's URL comes from a notebook's front matter: only http(s) or relative ones link.
    if (safeUrl(href) === undefined) {
      const plain = new state.Token("text", "", 0);
      plain.content = text;
      return [plain];
    }
    const open = new state.Token("link_open", "a", 1);
    open.attrSet("href", href);
    open.attrSet("class", cls);
    const body = new state.Token("text", "", 0);
    body.content = text;
    return [open, body, new state.Token("link_close", "a", -1)];
  };
  const text = (content: string): Token => {
    const t = new state.Token("text", "", 0);
    t.content = content;
    return t;
  };
  for (const block of state.tokens) {
    if (block.type !== "inline" || !block.children) continue;
    const out: Token[] = [];
    let inLink = 0;
    block.children.forEach((t, k, all) => {
      if (t.type === "link_open") inLink++;
      if (t.type === "link_close") inLink--;
      if (t.type !== "text" || inLink > 0) return void out.push(t);
      // A bold notebook number, as the sources page lists them: **09**.
      if (
        /^\d\d$/.test(t.content) && all[k - 1]?.type === "strong_open" && notebooks.has(t.content)
      ) {
        return void out.push(
          ...linkTokens(notebooks.get(t.content)!, t.content, "nb-notebook-link"),
        );
      }
      let last = 0;
      for (const m of t.content.matchAll(pattern)) {
        const [whole, word, numbers = "", source = ""] = m;
        if (word) {
          // "notebooks 06 and 07": each number a link, the words between as they are.
          out.push(text(t.content.slice(last, m.index! + word.length)));
          let at = m.index! + word.length;
          for (const n of numbers.matchAll(/\d\d/g)) {
            const from = m.index! + word.length + n.index!;
            out.push(text(t.content.slice(at, from)));
            const href = notebooks.get(n[0]);
            out.push(...(href ? linkTokens(href, n[0], "nb-notebook-link") : [text(n[0])]));
            at = from + 2;
          }
          last = at;
        } else {
          out.push(text(t.content.slice(last, m.index!)));
          out.push(...linkTokens(sources.get(source)!, whole, "nb-source-link"));
          last = m.index! + whole.length;
        }
      }
      out.push(text(t.content.slice(last)));
    });
    block.children = out.filter((t) => !(t.type === "text" && t.content === ""));
  }
});

/** One line of Markdown (a summary, an objective) as inline HTML; HTML in it is escaped. */
export function inlineMarkdown(
  text: string,
  o: { notebooks?: ReadonlyMap<string, string>; sources?: ReadonlyMap<string, string> } = {},
): string {
  return markdown.renderInline(text, { notebooks: o.notebooks, sources: o.sources });
}

/** The site's words in a page's language (English for a language the catalogue lacks). */
function words(lang: string | undefined) {
  return messagesOf(lang);
}

/**
 * The document around a page's content: charset, the Content-Security-Policy (no inline script,
 * nothing from elsewhere: the site's scripts are files), viewport, title, stylesheet, scripts.
 */
export function htmlDocument(
  o: { lang: string; title: string; body: string; base?: string; diagrams?: boolean },
): string {
  const base = o.base ?? "";
  const m = words(o.lang);
  // What the site's script writes (no inline script under the CSP: it reads them from here).
  const said = ([
    ["copied", m.copied],
    ["copy-failed", m.copyFailed],
    ["copy", m.copy],
    ["full-size", m.fullSize],
    ["fit", m.fit],
    ["no-match", m.noMatch],
  ] as const).map(([k, v]) => ` data-nb-${k}="${escapeHtml(v)}"`).join("");
  return [
    "<!doctype html>",
    `<html lang="${escapeHtml(htmlLang(o.lang))}"${said}>`,
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(o.title)}</title>`,
    `<link rel="stylesheet" href="${base}${STYLE_FILE}">`,
    ...(o.diagrams ? [`<script src="${base}${MERMAID_FILE}" defer></script>`] : []),
    `<script src="${SEARCH_INDEX_FILE}" defer></script>`,
    `<script src="${base}${SCRIPT_FILE}" defer></script>`,
    "</head>",
    "<body>",
    o.body,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/** The search box every page has (it needs the script; without it, it is hidden). */
export function searchBox(lang: string): string {
  const m = words(lang);
  const [label, placeholder] = [escapeHtml(m.search), escapeHtml(m.searchPlaceholder)];
  return [
    '<form class="nb-search" role="search">',
    `<input type="search" name="q" aria-label="${label}" placeholder="${placeholder}" autocomplete="off">`,
    '<ol class="nb-search-results" hidden></ol>',
    "</form>",
  ].join("\n");
}

/** Links to the same page in the site's other languages. */
export function languageSwitch(languages: ReadonlyMap<string, string> | undefined): string {
  if (!languages?.size) return "";
  const names: Record<string, string> = { en: "English", zh: "中文" };
  return `<p class="nb-languages">${
    [...languages].map(([lang, href]) =>
      `<a href="${escapeHtml(href)}" hreflang="${escapeHtml(htmlLang(lang))}" lang="${
        escapeHtml(htmlLang(lang))
      }">${escapeHtml(names[lang] ?? lang)}</a>`
    ).join(" · ")
  }</p>`;
}

function nav(o: PageOptions, where: "top" | "bottom", lang: string): string {
  const link = (l: PageLink | undefined, rel: "prev" | "next", arrow: string) =>
    l
      ? `<a class="nb-${rel}" rel="${rel}" href="${escapeHtml(l.href)}">${
        rel === "prev" ? `${arrow} ` : ""
      }${escapeHtml(l.title)}${rel === "next" ? ` ${arrow}` : ""}</a>`
      : `<span class="nb-${rel}"></span>`;
  return [
    `<nav class="nb-nav nb-nav-${where}" aria-label="${escapeHtml(words(lang).notebooksNav)}">`,
    link(o.prev, "prev", "←"),
    `<a class="nb-contents" href="${escapeHtml(o.index)}">${escapeHtml(words(lang).contents)}</a>`,
    link(o.next, "next", "→"),
    ...(where === "top" ? [searchBox(lang)] : []),
    "</nav>",
  ].join("\n");
}

/** Where the outputs come from, and how to run the notebook yourself, in plain words. */
function runNote(run: RunResult, o: PageOptions): string {
  const rec = o.recorded;
  const m = words(run.notebook.meta.lang);
  const what = run.mode === "replay" && rec
    ? escapeHtml(m.recordedBy(
      rec.kernel.replace(/^(\d+\.\d+)(?:\.\d+)?.*$/, "$1"),
      rec.kernel,
      rec.lab === "vm",
      rec.date,
    ))
    : escapeHtml(m.outputsFrom(run.mode, run.reason));
  const path = o.runPath ?? run.notebook.path;
  const how = escapeHtml(m.runItYourself("\u0000")).replace(
    "\u0000",
    `<code>deno task notebook ${escapeHtml(path)}</code>`,
  );
  const source = o.sourceHref
    ? ` <a class="nb-source" href="${escapeHtml(o.sourceHref)}">${
      escapeHtml(m.markdownSource)
    }</a>.`
    : "";
  return `<p class="nb-run-note">${what} ${how}${source}</p>`;
}

function header(run: RunResult, o: PageOptions): string {
  const { meta, path } = run.notebook;
  const objectives = meta.objectives.map((x) => `<li>${inlineMarkdown(x, o)}</li>`).join("\n");
  const sources = meta.sources.map((s) => {
    const cite = escapeHtml(citeSource(s));
    const url = s.url === undefined ? undefined : safeUrl(s.url);
    return `<li>${url ? `<a href="${escapeHtml(url)}">${cite}</a>` : cite}</li>`;
  }).join("\n");
  return [
    '<header class="nb-header">',
    languageSwitch(o.languages),
    `<p class="nb-path">${escapeHtml(basename(path))}</p>`,
    `<h1 class="nb-title">${escapeHtml(meta.title)}</h1>`,
    ...(meta.summary ? [`<p class="nb-summary">${inlineMarkdown(meta.summary, o)}</p>`] : []),
    runNote(run, o),
    ...(meta.objectives.length
      ? [
        '<section class="nb-objectives">',
        `<h2>${escapeHtml(words(meta.lang).objectives)}</h2>`,
        `<ul>\n${objectives}\n</ul>`,
        "</section>",
      ]
      : []),
    ...(meta.sources.length
      ? [
        '<section class="nb-sources">',
        `<h2>${escapeHtml(words(meta.lang).sources)}</h2>`,
        `<ul>\n${sources}\n</ul>`,
        "</section>",
      ]
      : []),
    ...(run.error
      ? [
        '<div class="nb-run-error" role="alert">',
        `<p>${escapeHtml(words(meta.lang).runDidNotFinish)}</p>`,
        `<pre>${escapeHtml(run.error.message)}</pre>`,
        "</div>",
      ]
      : []),
    "</header>",
  ].join("\n");
}

/** A diagram: its mermaid source, drawn in the page by the site's script (light or dark). */
function figure(d: PageDiagram, lang: string): string {
  // An SVG a cell displayed is the notebook's, not netbook's drawing: shown as an image, in
  // which no script of it can run.
  if ("svg" in d) {
    const data = encodeBase64(new TextEncoder().encode(d.svg));
    return `<figure class="nb-diagram nb-drawn"><img alt="${
      escapeHtml(words(lang).drawnDiagram)
    }" ` +
      `src="data:image/svg+xml;base64,${data}"></figure>`;
  }
  return [
    `<figure class="nb-diagram" data-source="${escapeHtml(d.source)}">`,
    `<button class="nb-full-size" type="button">${escapeHtml(words(lang).fullSize)}</button>`,
    `<div class="nb-diagram-body"><pre class="nb-mermaid">${escapeHtml(d.source)}</pre></div>`,
    "</figure>",
  ].join("");
}

/** A command's transcript: the command highlighted, a button that copies it, its output. */
function transcript(t: Transcript, lang: string): string {
  const m = words(lang);
  const body = t.stdout + (t.stderr && t.stdout && !t.stdout.endsWith("\n") ? "\n" : "") + t.stderr;
  const status = t.timedOut !== undefined
    ? m.timedOutAfter(t.timedOut / 1000)
    : t.code === 0
    ? ""
    : t.expected
    ? m.exitExpected(t.code)
    : m.exitCode(t.code);
  const out = body.replace(/\n$/, "");
  return [
    '<div class="nb-command">',
    `<button class="nb-copy" type="button" data-copy="${escapeHtml(t.command)}" aria-label="${
      escapeHtml(m.copyCommand)
    }">${escapeHtml(m.copy)}</button>`,
    `<pre class="nb-transcript"><span class="nb-prompt">$ </span><code class="nb-shell">${
      highlightCode(t.command, "bash")
    }</code>${out ? `\n${escapeHtml(out)}` : ""}${
      status ? `\n<span class="nb-status">${escapeHtml(status)}</span>` : ""
    }</pre>`,
    "</div>",
  ].join("");
}

/** One output, in the richest form the page can show: SVG, HTML, a mermaid diagram, or text. */
/**
 * One output, in the richest form the page can show: a transcript, a diagram, HTML or text; a
 * packet capture is followed by a link to its file (`pcap`, written beside the page).
 */
function output(out: Output, lang: string, pcap?: string): string {
  if (out.type === "command") return transcript(out.transcript, lang);
  const bundle = outputBundle(out);
  const source = shownDiagram(bundle);
  const diagram = source !== undefined ? { source } : bundleDiagram(bundle);
  if (diagram) return figure(diagram, lang);
  const link = pcap ? `\n${pcapLinkHtml(pcap, pcapOf(bundle)?.length ?? 0, lang)}` : "";
  if (bundle["text/html"] !== undefined) {
    return `<div class="nb-html">${safeHtml(bundle["text/html"])}${link}</div>`;
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

function statusNote(result: CellResult | undefined, lang: string): string {
  const m = words(lang);
  switch (result?.status) {
    case "skipped":
      return `<p class="nb-skipped">${escapeHtml(m.cellSkipped(result.note ?? ""))}</p>`;
    case "failed":
      return `<p class="nb-failed">${escapeHtml(m.cellFailed(result.note ?? ""))}</p>`;
    case "not-run":
    case undefined:
      return `<p class="nb-not-run">${escapeHtml(m.cellNotRun)}</p>`;
    default:
      return "";
  }
}

function cell(c: Cell, run: RunResult, outputs: Output[], pcaps: Map<Output, string>): string {
  const result = run.cells.find((r) => r.id === c.id);
  const status = result?.status ?? "not-run";
  const head = [
    `<span class="nb-cell-id">${escapeHtml(c.id)}</span>`,
    ...cellFlags(c).map((f) => `<span class="nb-cell-flag">${escapeHtml(f)}</span>`),
    `<span class="nb-cell-line">${escapeHtml(basename(run.notebook.path))}:${c.line}</span>`,
  ].join(" ");
  const lang = run.notebook.meta.lang;
  const shown = outputs.map((o) => output(o, lang, pcaps.get(o))).filter(Boolean);
  return [
    `<section class="nb-cell nb-${escapeHtml(status)}" id="cell-${escapeHtml(c.id)}">`,
    `<div class="nb-cell-head">${head}</div>`,
    `<pre class="nb-code"><code class="language-ts">${
      highlightCode(c.code.replace(/\n$/, ""), "typescript")
    }</code></pre>`,
    statusNote(result, lang),
    ...(shown.length ? [`<div class="nb-outputs">\n${shown.join("\n")}\n</div>`] : []),
    "</section>",
  ].filter(Boolean).join("\n");
}

/** An exercise: its title and task, its hints folded, and the command that opens its lab. */
function exerciseHtml(ex: ExercisePart, path: string, lang: string): string {
  const m = words(lang);
  return [
    `<section class="nb-exercise">`,
    // A heading like the narrative's: an id, and a link to itself.
    `<h3 id="exercise-${escapeHtml(ex.name)}">${escapeHtml(m.exerciseLabel + m.colon)}${
      inlineMarkdown(ex.title)
    }<a class="nb-anchor" href="#exercise-${escapeHtml(ex.name)}" aria-label="${
      escapeHtml(m.linkToExercise)
    }">#</a></h3>`,
    markdown.render(ex.task),
    ...ex.hints.map((h, i) =>
      `<details class="nb-hint"><summary>${escapeHtml(m.hintN(i + 1))}</summary>\n${
        markdown.render(h)
      }</details>`
    ),
    `<p class="nb-try">${
      escapeHtml(m.tryInTerminal("\u0000")).replace(
        "\u0000",
        `<code>${escapeHtml(labCommandFor(path, ex))}</code>`,
      )
    }</p>`,
    "</section>",
  ].join("\n");
}

/**
 * One notebook's page: navigation and search, the title, where the outputs come from and how to
 * run it, the objectives and sources, a table of contents, then the narrative (headings with
 * anchors; "notebook 07" a link), diagrams (drawn in the page by mermaid, light or dark) and code
 * cells in order, code highlighted, each cell followed by its outputs (transcripts with a copy
 * button, tables, diagrams, text). Links to the stylesheet and the site's scripts only; fetches
 * nothing else. Pure.
 */
export function renderPage(run: RunResult, o: PageOptions): string {
  const outputs = shownOutputs(run);
  const pcaps = pcapFiles(run).names;
  const lang = run.notebook.meta.lang;
  const env: MarkdownEnv = { notebooks: o.notebooks, sources: o.sources, ids: new Set(), lang };
  for (const c of run.notebook.cells) env.ids!.add(`cell-${c.id}`);
  const body = run.notebook.parts.map((part) => {
    switch (part.kind) {
      case "markdown":
        return markdown.render(part.text, env as Record<string, unknown>);
      case "mermaid":
        return figure({ source: diagramKey(part.source) }, lang);
      case "code": {
        if (part.options.hidden) return "";
        const html = cell(part, run, outputs.get(part.id) ?? [], pcaps);
        const folded = foldedAs(part, lang);
        return folded
          ? `<details class="nb-folded nb-${part.options.role!.kind}"><summary>${
            escapeHtml(folded)
          }</summary>\n${html}\n</details>`
          : html;
      }
      case "exercise":
        return exerciseHtml(part, run.notebook.path, lang);
      case "question":
        return [
          `<section class="nb-question" id="question-${escapeHtml(part.name)}">`,
          `<p class="nb-question-head">${escapeHtml(words(lang).predictHead)}</p>`,
          markdown.render(part.ask),
          ...(part.choices.length
            ? [`<ol>${part.choices.map((c) => `<li>${inlineMarkdown(c)}</li>`).join("")}</ol>`]
            : []),
          "</section>",
        ].join("\n");
    }
  }).filter(Boolean);
  const toc = (env.headings ?? []).filter((h) => h.level >= 2 && h.level <= 3);
  const onThisPage = escapeHtml(words(lang).onThisPage);
  const contents = toc.length > 1
    ? [
      `<nav class="nb-page-toc" aria-label="${onThisPage}">`,
      `<h2>${onThisPage}</h2>`,
      "<ol>",
      ...toc.map((h) =>
        `<li class="nb-toc-h${h.level}"><a href="#${escapeHtml(h.id)}">${
          escapeHtml(h.text)
        }</a></li>`
      ),
      "</ol>",
      "</nav>",
    ]
    : [];
  return htmlDocument({
    lang,
    title: `${run.notebook.meta.title} · netbook`,
    base: o.base,
    diagrams: body.some((b) => b.includes('class="nb-diagram"')),
    body: [
      nav(o, "top", lang),
      "<main>",
      header(run, o),
      ...contents,
      '<article class="nb-notebook">',
      ...body,
      "</article>",
      "</main>",
      nav(o, "bottom", lang),
    ].join("\n"),
  });
}
