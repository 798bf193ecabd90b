import { searchTokens } from "./search_tokens.ts";

/** The site's script file: every page loads it (with `defer`); no page has inline script. */
export const SCRIPT_FILE = "site.js";

/** mermaid's bundle, copied into the site: the pages draw their diagrams with it. */
export const MERMAID_FILE = "mermaid.min.js";

/** The search index of a language's pages (search_index.ts), loaded by a `<script src>`. */
export const SEARCH_INDEX_FILE = "search-index.js";

/**
 * What the pages' script does, none of it needed to read them: draws each diagram with mermaid
 * (its light or dark theme, as the reader's system asks, drawn again when that changes), gives
 * each big diagram a readable minimum size (it scrolls sideways) and a full-size view, copies a
 * transcript's command with its button, and searches the site (the index, with the very
 * tokenizer that built it). Classic script, so that it runs from file:// too. What it writes it
 * reads from the page (data-nb-* on <html>), so that a Chinese page's buttons speak Chinese.
 */
const BODY = String.raw`
document.documentElement.classList.add("nb-js");

/** What the script writes, in the page's language: the page carries it on <html data-nb-*>. */
const said = document.documentElement.dataset;
function say(key, english) {
  return said[key] || english;
}

// ---- diagrams ----
const dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
let drawing = Promise.resolve();
let drawn = 0;

/** The smallest scale a diagram is shown at: below it, it scrolls sideways instead. */
const LEAST_SCALE = 0.8;

function sizeDiagram(figure) {
  const svg = figure.querySelector(".nb-diagram-body svg");
  if (!svg || !svg.viewBox || !svg.viewBox.baseVal) return;
  const natural = svg.viewBox.baseVal.width;
  if (!natural) return;
  svg.style.maxWidth = figure.classList.contains("nb-full") ? "none" : natural + "px";
  svg.style.minWidth = Math.round(natural * (figure.classList.contains("nb-full") ? 1 : LEAST_SCALE)) + "px";
  svg.style.width = figure.classList.contains("nb-full") ? natural + "px" : "100%";
  svg.removeAttribute("height");
}

function drawDiagrams() {
  const mermaid = window.mermaid;
  const figures = Array.from(document.querySelectorAll("figure.nb-diagram[data-source]"));
  if (!mermaid || !figures.length) {
    document.documentElement.dataset.diagrams = "none";
    return drawing;
  }
  const theme = dark && dark.matches ? "dark" : "default";
  document.documentElement.dataset.diagrams = "drawing";
  drawing = drawing.then(async () => {
    mermaid.initialize({ startOnLoad: false, theme, securityLevel: "strict" });
    for (const figure of figures) {
      const id = "nb-svg-" + (++drawn);
      try {
        const { svg } = await mermaid.render(id, figure.dataset.source);
        figure.querySelector(".nb-diagram-body").innerHTML = svg;
        figure.dataset.theme = theme;
        figure.classList.add("nb-drawn");
        sizeDiagram(figure);
      } catch (error) {
        figure.dataset.error = String(error && error.message || error);
      } finally {
        const stray = document.getElementById("d" + id);
        if (stray) stray.remove();
      }
    }
    document.documentElement.dataset.diagrams = theme;
  });
  return drawing;
}

function setUpDiagrams() {
  for (const figure of document.querySelectorAll("figure.nb-diagram[data-source]")) {
    const button = figure.querySelector(".nb-full-size");
    if (button) {
      button.addEventListener("click", () => {
        figure.classList.toggle("nb-full");
        button.textContent = figure.classList.contains("nb-full") ? say("nbFit", "Fit") : say("nbFullSize", "Full size");
        sizeDiagram(figure);
      });
    }
  }
  if (dark && dark.addEventListener) dark.addEventListener("change", drawDiagrams);
  drawDiagrams();
}

// ---- copy buttons ----
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (_) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

function setUpCopy() {
  for (const button of document.querySelectorAll("button.nb-copy[data-copy]")) {
    button.addEventListener("click", async () => {
      const ok = await copyText(button.dataset.copy);
      button.textContent = ok ? say("nbCopied", "Copied") : say("nbCopyFailed", "Copy failed");
      setTimeout(() => (button.textContent = say("nbCopy", "Copy")), 1500);
    });
  }
}

// ---- search ----
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** Sections holding every token of the query (the last may be a word's beginning), best first. */
function searchSite(query) {
  const index = window.NB_SEARCH;
  if (!index) return [];
  const tokens = searchTokens(query);
  if (!tokens.length) return [];
  const keys = Object.keys(index.terms);
  let scores = null;
  tokens.forEach((token, k) => {
    const last = k === tokens.length - 1 && /^[a-z0-9_]/.test(token);
    const matching = last ? keys.filter((key) => key.startsWith(token)) : (index.terms[token] ? [token] : []);
    const found = new Map();
    for (const key of matching) {
      const postings = index.terms[key];
      for (let i = 0; i < postings.length; i += 2) {
        found.set(postings[i], (found.get(postings[i]) || 0) + postings[i + 1]);
      }
    }
    if (scores === null) scores = found;
    else {
      for (const doc of Array.from(scores.keys())) {
        if (!found.has(doc)) scores.delete(doc);
        else scores.set(doc, scores.get(doc) + found.get(doc));
      }
    }
  });
  return Array.from(scores || []).sort((a, b) => b[1] - a[1]).slice(0, 20).map(([doc]) => index.docs[doc]);
}

function setUpSearch() {
  const form = document.querySelector(".nb-search");
  if (!form) return;
  const input = form.querySelector("input");
  const list = form.querySelector(".nb-search-results");
  const base = form.dataset.base || "";
  const show = () => {
    const results = searchSite(input.value);
    list.innerHTML = results.map((r) =>
      '<li><a href="' + escapeHtml(base + r.p + (r.a ? "#" + r.a : "")) + '">' + escapeHtml(r.t) +
      "</a><p>" + escapeHtml(r.s) + "</p></li>"
    ).join("");
    list.hidden = !input.value.trim();
    if (input.value.trim() && !results.length) list.innerHTML = '<li class="nb-none">' + escapeHtml(say("nbNoMatch", "No match.")) + "</li>";
  };
  input.addEventListener("input", show);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
}

function start() {
  setUpDiagrams();
  setUpCopy();
  setUpSearch();
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
`;

/** The script file's text: the tokenizer's own source, then what the pages do. */
export function siteScript(): string {
  return `"use strict";\n// netbook's site script: see lib/export/site_script.ts.\nconst searchTokens = ${searchTokens.toString()};\n${BODY}`;
}
