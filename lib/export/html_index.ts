import { basename } from "node:path";
import type { RunResult } from "../execute/results.ts";
import { knownLang, messagesIn } from "../i18n/messages.ts";
import type { Notebook } from "../notebook/model.ts";
import { escapeHtml } from "../render/mime.ts";
import { htmlDocument, inlineMarkdown, languageSwitch, searchBox } from "./html_page.ts";

/** The site's index file. */
export const INDEX_FILE = "index.html";

/** A notebook's page in the site, beside the index: `02-bridge.md` → `02-bridge.html`. */
export function pageFile(notebook: Notebook): string {
  return basename(notebook.path).replace(/\.md$/, "") + ".html";
}

/**
 * The site's index: every notebook in order, linked, with its title, summary and objectives. Pure.
 */
export function renderIndex(
  runs: RunResult[],
  extras: RunResult[] = [],
  o: { base?: string; languages?: ReadonlyMap<string, string> } = {},
): string {
  const items = runs.map(({ notebook }) => {
    const { title, summary, objectives } = notebook.meta;
    const number = /^(\d\d)-/.exec(basename(notebook.path))?.[1];
    return [
      "<li>",
      `<h2><a href="${escapeHtml(pageFile(notebook))}">${
        number ? `<span class="nb-number">${number}</span>` : ""
      }${escapeHtml(title)}</a></h2>`,
      ...(summary ? [`<p class="nb-summary">${inlineMarkdown(summary)}</p>`] : []),
      ...(objectives.length
        ? [
          `<ul class="nb-objectives-list">\n${
            objectives.map((o) => `<li>${inlineMarkdown(o)}</li>`).join("\n")
          }\n</ul>`,
        ]
        : []),
      "</li>",
    ].join("\n");
  });
  const lang = runs[0]?.notebook.meta.lang ?? "en";
  const m = messagesIn(knownLang(lang) ?? "en");
  return htmlDocument({
    lang,
    title: m.curriculumTitle,
    base: o.base,
    body: [
      `<nav class="nb-nav nb-nav-top" aria-label="${escapeHtml(m.search)}">${
        searchBox(lang)
      }</nav>`,
      "<main>",
      '<header class="nb-header">',
      languageSwitch(o.languages),
      '<h1 class="nb-site-title">netbook</h1>',
      `<p class="nb-site-lead">${escapeHtml(m.siteLead)}</p>`,
      "</header>",
      '<ol class="nb-toc">',
      ...items,
      "</ol>",
      ...(extras.length
        ? [
          '<footer class="nb-site-footer"><p>',
          extras.map(({ notebook }) =>
            `<a href="${escapeHtml(pageFile(notebook))}">${escapeHtml(notebook.meta.title)}</a>`
          ).join(" · "),
          "</p></footer>",
        ]
        : []),
      "</main>",
    ].join("\n"),
  });
}
