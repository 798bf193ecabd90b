import { searchTokens } from "./search_tokens.ts";

/** One place a search can lead to: a section of a page. */
export interface SearchDoc {
  /** The page's file, relative to the site's folder of its language. */
  page: string;
  /** The section's id on the page ("" for the top). */
  anchor: string;
  /** The page's title and the section's heading, as a result shows them. */
  title: string;
  /** The section's text, for a result's snippet and for the index. */
  text: string;
}

/** The index a page loads: the sections, and each token's postings `[doc, count, ...]`. */
export interface SearchIndex {
  docs: { p: string; a: string; t: string; s: string }[];
  terms: Record<string, number[]>;
}

/** The longest snippet a result shows. */
const SNIPPET = 160;

/**
 * A section's text as a result shows it: plain words (no Markdown marks: list bullets, code
 * backticks, emphasis, a link's target), cut after a whole word, with "…" when cut. Pure.
 */
export function snippet(text: string): string {
  const plain = text
    .replace(/(^|\n)\s*(?:[-*+]|\d+\.)\s+/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/`+|\*\*|__/g, "")
    .replace(/\s+/g, " ").trim();
  if (plain.length <= SNIPPET) return plain;
  const cut = plain.slice(0, SNIPPET);
  const space = cut.lastIndexOf(" ");
  return (space > SNIPPET / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, "") + "…";
}

/** Builds the index of a site's sections (searchTokens for both titles and text). Pure. */
export function buildSearchIndex(docs: SearchDoc[]): SearchIndex {
  const terms: Record<string, number[]> = {};
  docs.forEach((doc, i) => {
    const counts = new Map<string, number>();
    for (const token of [...searchTokens(doc.title), ...searchTokens(doc.title)]) {
      counts.set(token, (counts.get(token) ?? 0) + 3); // a title word counts more
    }
    for (const token of searchTokens(doc.text)) counts.set(token, (counts.get(token) ?? 0) + 1);
    for (const [token, n] of counts) (terms[token] ??= []).push(i, n);
  });
  return {
    docs: docs.map((d) => ({
      p: d.page,
      a: d.anchor,
      t: d.title,
      s: snippet(d.text),
    })),
    terms,
  };
}

/**
 * The index as a classic script (`window.NB_SEARCH = ...`), which a page loads with
 * `<script src>`: from file:// too, where a page cannot fetch a JSON file.
 */
export function searchIndexScript(index: SearchIndex): string {
  const json = JSON.stringify(index).replace(/</g, "\\u003c");
  return `window.NB_SEARCH = ${json};\n`;
}
