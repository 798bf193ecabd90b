/** The stylesheet's file name in an exported site; every page links it. */
export const STYLE_FILE = "style.css";

/**
 * The static site's one stylesheet: light and dark (prefers-color-scheme), one readable column
 * that narrows to a phone's width (code, transcripts and tables scroll sideways inside their own
 * box), system fonts only (nothing is fetched). It styles the classes outputs carry: transcripts
 * (nb-transcript, nb-prompt, nb-status), tables (nb-table and nb-routes, nb-links, nb-addresses,
 * nb-neighbours, nb-fdb, nb-conntrack, nb-trace, nb-iptables; rows nb-chosen, nb-nat, nb-empty;
 * cells nb-num), captions and notes (nb-caption, nb-note).
 */
export const SITE_STYLE = `:root {
  color-scheme: light dark;
  --bg: #fdfdfc;
  --fg: #1d1f21;
  --muted: #5f6368;
  --rule: #dcdcd7;
  --panel: #f3f3ef;
  --code-bg: #f5f5f2;
  --term-bg: #1e2227;
  --term-fg: #e6e6e6;
  --prompt: #7ec27e;
  --link: #0b5cad;
  --accent: #2f6f3e;
  --chosen: #fff3c4;
  --nat: #e6f0ff;
  --warn-bg: #fff4e0;
  --warn-fg: #7a4a00;
  --bad-bg: #fde8e8;
  --bad-fg: #8a1c1c;
  --mono: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace;
  --diagram-bg: #ffffff;
  --hl-keyword: #8839ef;
  --hl-string: #2f7a3a;
  --hl-number: #b4571b;
  --hl-comment: #6c7086;
  --hl-title: #1e66f5;
  --hl-variable: #b02a6b;
  --hl-type: #0f7b8a;
  --cjk: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "WenQuanYi Micro Hei";
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial,
    var(--cjk), sans-serif;
}

/* Chinese pages: a CJK face first, so that Latin and Han share one design where it has both. */
:lang(zh) {
  --sans: var(--cjk), system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  --mono: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas,
    "Noto Sans Mono CJK SC", var(--cjk), monospace;
}

@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15171a;
    --fg: #e4e4e0;
    --muted: #9aa0a6;
    --rule: #33373d;
    --panel: #1d2024;
    --code-bg: #1f2327;
    --term-bg: #0d0f11;
    --term-fg: #dadada;
    --prompt: #8fd18f;
    --link: #7ab7ff;
    --accent: #8fd18f;
    --chosen: #4a3f12;
    --nat: #17304f;
    --warn-bg: #3a2c10;
    --warn-fg: #f3cf8a;
    --bad-bg: #3d1717;
    --bad-fg: #ffb4b4;
    --diagram-bg: #1d2024;
    --hl-keyword: #cba6f7;
    --hl-string: #a6e3a1;
    --hl-number: #fab387;
    --hl-comment: #9399b2;
    --hl-title: #89b4fa;
    --hl-variable: #f5c2e7;
    --hl-type: #94e2d5;
  }
}

*, *::before, *::after { box-sizing: border-box; }

html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }

body {
  margin: 0;
  background: var(--bg);
  color: var(--fg);
  font: 17px/1.6 var(--sans);
  overflow-wrap: break-word;
}

main, .nb-nav { max-width: 52rem; margin: 0 auto; padding: 0 1.25rem; }
main { padding-bottom: 2rem; }

a { color: var(--link); }

h1, h2, h3, h4 { line-height: 1.25; margin: 1.8em 0 0.6em; }
h1 { font-size: 1.9rem; margin-top: 0.6em; }
h2 { font-size: 1.45rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.2em; }
h3 { font-size: 1.2rem; }

code, pre, kbd { font-family: var(--mono); font-size: 0.88em; }
:not(pre) > code { background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 4px; }

pre {
  margin: 0.8em 0;
  padding: 0.75em 1em;
  overflow-x: auto;
  background: var(--code-bg);
  border-radius: 6px;
  line-height: 1.45;
  white-space: pre;
  overflow-wrap: normal;
}

blockquote { margin: 1em 0; padding: 0 1em; border-left: 4px solid var(--rule); color: var(--muted); }
/* A table in the narrative scrolls sideways in its own box on a narrow screen, as outputs do. */
.nb-notebook > table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; }
.nb-notebook > table th, .nb-notebook > table td { padding: 0.2em 0.6em; vertical-align: top; }
/* A packet capture's file, linked under its table. */
.nb-pcap { font-size: 0.9rem; margin: 0.3rem 0 0.8rem; }
img, svg { max-width: 100%; }
hr { border: 0; border-top: 1px solid var(--rule); }

/* Navigation: previous, contents, next. */
.nb-nav {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem 1rem;
  justify-content: space-between;
  align-items: baseline;
  padding-top: 0.8rem;
  padding-bottom: 0.8rem;
  font-size: 0.92rem;
}
.nb-nav a { text-decoration: none; }
.nb-nav a:hover { text-decoration: underline; }
.nb-nav .nb-prev, .nb-nav .nb-next { flex: 1 1 12rem; }
.nb-nav .nb-next { text-align: right; }
.nb-nav .nb-contents { flex: 0 0 auto; }
.nb-nav-bottom { border-top: 1px solid var(--rule); margin-top: 2rem; }

/* The notebook's header: title, summary, objectives, sources. */
.nb-header { border-bottom: 1px solid var(--rule); padding-bottom: 1rem; margin-bottom: 1.5rem; }
.nb-path { color: var(--muted); font: 0.85rem var(--mono); margin: 0; }
.nb-summary { font-size: 1.1rem; color: var(--muted); }
.nb-objectives, .nb-sources {
  background: var(--panel);
  border-radius: 8px;
  padding: 0.6rem 1rem;
  margin: 0.8rem 0;
}
.nb-objectives h2, .nb-sources h2 {
  font-size: 0.8rem;
  text-transform: uppercase;
  letter-spacing: 0.06em;
  border: 0;
  margin: 0.3rem 0;
  color: var(--muted);
}
.nb-objectives ul, .nb-sources ul { margin: 0.3rem 0; padding-left: 1.3rem; }
.nb-sources { font-size: 0.9rem; }
.nb-run-note { color: var(--muted); font-size: 0.85rem; }

/* Code cells and their outputs. */
.nb-cell { margin: 1.4rem 0; }
.nb-exercise, .nb-question {
  border-left: 4px solid var(--accent); padding: 0.2rem 1rem; margin: 1.4rem 0;
}
.nb-question-head { font-weight: bold; }
.nb-folded > summary, .nb-hint > summary { cursor: pointer; color: var(--accent); }
.nb-verdict ul { list-style: none; padding-left: 1rem; }
.nb-cell-head {
  display: flex;
  flex-wrap: wrap;
  gap: 0 0.8rem;
  color: var(--muted);
  font: 0.75rem var(--mono);
  margin-bottom: -0.4rem;
}
.nb-cell-id { color: var(--accent); }
.nb-code { border-left: 3px solid var(--accent); }
.nb-outputs { margin-top: 0.3rem; }
.nb-outputs > * { margin: 0.4rem 0; }
.nb-outputs pre { margin: 0; }

.nb-transcript, .nb-stream {
  background: var(--term-bg);
  color: var(--term-fg);
}
.nb-prompt { color: var(--prompt); font-weight: 600; }
.nb-status { color: #f0b35a; }
.nb-stderr { color: #f0b35a; }

.nb-skipped, .nb-not-run, .nb-failed, .nb-run-error {
  border-radius: 6px;
  padding: 0.4rem 0.8rem;
  font-size: 0.9rem;
}
.nb-skipped, .nb-not-run { background: var(--warn-bg); color: var(--warn-fg); }
.nb-failed, .nb-run-error { background: var(--bad-bg); color: var(--bad-fg); }
.nb-run-error pre { background: transparent; color: inherit; padding: 0; }

/* Tables from the inspectors: they scroll sideways on a narrow screen. */
.nb-html { overflow-x: auto; max-width: 100%; }
.nb-table {
  border-collapse: collapse;
  font: 0.82rem/1.4 var(--mono);
  margin: 0.4rem 0;
}
.nb-table caption {
  text-align: left;
  caption-side: top;
  color: var(--muted);
  font-family: var(--sans);
  padding-bottom: 0.2rem;
  white-space: nowrap;
}
.nb-table th, .nb-table td {
  text-align: left;
  padding: 0.2rem 0.7rem 0.2rem 0;
  border-bottom: 1px solid var(--rule);
  white-space: nowrap;
  vertical-align: top;
}
.nb-table th { font-weight: 600; border-bottom-width: 2px; }
.nb-table .nb-num { text-align: right; }
.nb-table tr.nb-chosen td { background: var(--chosen); font-weight: 600; }
.nb-table tr.nb-chosen td:first-child::before { content: "→ "; }
.nb-table tr.nb-nat td { background: var(--nat); }
.nb-table tr.nb-empty td { color: var(--muted); font-style: italic; }
/* A rule wraps at its spaces rather than being cut at the column's edge. */
.nb-trace td, .nb-trace th { white-space: normal; }
.nb-trace td:nth-child(2) { min-width: 9rem; }
.nb-trace td:last-child, .nb-iptables td:last-child {
  white-space: normal;
  overflow-wrap: anywhere;
  min-width: 12rem;
}
.nb-caption { color: var(--muted); font-size: 0.9rem; margin: 0.6rem 0 0.2rem; }
.nb-note { color: var(--muted); font-size: 0.9rem; margin: 0.2rem 0; }
.nb-iptables { overflow-x: auto; }

/* Diagrams: drawn in the page by mermaid, in its light or dark theme as the system asks. Big ones
   keep a readable size (at least 80% of their own) and scroll sideways; "Full size" shows 100%. */
.nb-diagram {
  position: relative;
  margin: 1rem 0;
  padding: 0.6rem;
  background: var(--diagram-bg);
  border: 1px solid var(--rule);
  border-radius: 8px;
  overflow-x: auto;
  text-align: center;
}
/* A drawn diagram scrolls in its body; its button stays in the card's corner, in sight. */
.nb-diagram[data-source] { overflow-x: visible; }
.nb-js .nb-drawn[data-source] { padding-top: 2rem; }
.nb-diagram-body { overflow-x: auto; }
.nb-diagram svg { height: auto; }
.nb-diagram .nb-mermaid { text-align: left; margin: 0; }
.nb-full-size {
  display: none;
  position: absolute;
  top: 0.4rem;
  right: 0.4rem;
  font: 0.75rem var(--sans);
  color: var(--muted);
  background: var(--panel);
  border: 1px solid var(--rule);
  border-radius: 4px;
  padding: 0.1rem 0.5rem;
  cursor: pointer;
}
.nb-js .nb-drawn .nb-full-size { display: inline-block; }

/* Code, highlighted at export (highlight.js classes). */
.hljs-keyword, .hljs-built_in, .hljs-literal { color: var(--hl-keyword); }
.hljs-string, .hljs-regexp { color: var(--hl-string); }
.hljs-number { color: var(--hl-number); }
.hljs-comment { color: var(--hl-comment); font-style: italic; }
.hljs-title, .hljs-title.function_, .hljs-attr, .hljs-property { color: var(--hl-title); }
.hljs-variable, .hljs-params, .hljs-subst, .hljs-template-variable { color: var(--hl-variable); }
.hljs-type, .hljs-meta { color: var(--hl-type); }
.nb-transcript .hljs-keyword, .nb-transcript .hljs-built_in { color: #f0b35a; }
.nb-transcript .hljs-string { color: #9fd39f; }
.nb-transcript .hljs-variable, .nb-transcript .hljs-subst { color: #8ecbff; }
.nb-transcript .hljs-number { color: inherit; }

/* A command's transcript and its copy button (shown when the script runs). */
.nb-command { position: relative; }
.nb-copy {
  display: none;
  position: absolute;
  top: 0.35rem;
  right: 0.4rem;
  font: 0.72rem var(--sans);
  color: var(--term-fg);
  background: #2d333b;
  border: 1px solid #444c56;
  border-radius: 4px;
  padding: 0.1rem 0.45rem;
  cursor: pointer;
  opacity: 0.75;
}
.nb-js .nb-copy { display: block; }
.nb-copy:hover, .nb-copy:focus { opacity: 1; }
.nb-command .nb-transcript { padding-right: 4.2rem; }

/* Headings' anchors and the page's table of contents. */
.nb-anchor {
  margin-left: 0.35em;
  color: var(--muted);
  text-decoration: none;
  font-weight: 400;
  opacity: 0;
}
h1:hover .nb-anchor, h2:hover .nb-anchor, h3:hover .nb-anchor, h4:hover .nb-anchor,
.nb-anchor:focus { opacity: 1; }
.nb-page-toc {
  background: var(--panel);
  border-radius: 8px;
  padding: 0.5rem 1rem;
  margin: 0.8rem 0 1.5rem;
  font-size: 0.92rem;
}
.nb-page-toc h2 {
  font-size: 0.8rem;
  text-transform: uppercase;
  letter-spacing: 0.06em;
  border: 0;
  margin: 0.3rem 0;
  color: var(--muted);
}
.nb-page-toc ol { margin: 0.2rem 0; padding-left: 1.2rem; }
.nb-page-toc .nb-toc-h3 { margin-left: 1rem; list-style: circle; }

/* Search (it needs the script; without it the box is hidden). */
.nb-search { display: none; position: relative; flex: 1 1 100%; }
.nb-js .nb-search { display: block; }
.nb-search input {
  width: 100%;
  font: inherit;
  padding: 0.35rem 0.6rem;
  border: 1px solid var(--rule);
  border-radius: 6px;
  background: var(--bg);
  color: var(--fg);
}
.nb-search-results {
  position: absolute;
  z-index: 10;
  left: 0;
  right: 0;
  margin: 0.2rem 0 0;
  padding: 0.3rem 0.8rem;
  list-style: none;
  max-height: 70vh;
  overflow-y: auto;
  background: var(--bg);
  border: 1px solid var(--rule);
  border-radius: 6px;
  box-shadow: 0 4px 16px rgba(0, 0, 0, 0.18);
}
.nb-search-results li { padding: 0.35rem 0; border-bottom: 1px solid var(--rule); }
.nb-search-results li:last-child { border-bottom: 0; }
.nb-search-results p { margin: 0.1rem 0 0; color: var(--muted); font-size: 0.85rem; }
.nb-languages { margin: 0 0 0.4rem; font-size: 0.9rem; }

/* The index. */
.nb-site-title { margin-bottom: 0.2rem; }
.nb-site-lead { color: var(--muted); margin-top: 0; }
.nb-toc { list-style: none; padding: 0; margin: 0; }
.nb-toc > li { border-top: 1px solid var(--rule); padding: 1rem 0; }
.nb-toc h2 { border: 0; margin: 0 0 0.3rem; font-size: 1.25rem; }
.nb-toc .nb-number { color: var(--muted); font-family: var(--mono); margin-right: 0.4rem; }
.nb-toc .nb-summary { margin: 0.3rem 0; font-size: 1rem; }
.nb-toc ul { margin: 0.3rem 0; padding-left: 1.3rem; font-size: 0.95rem; }

@media (max-width: 40rem) {
  body { font-size: 16px; }
  /* On a phone a command's copy button sits above it, not over a long command. */
  .nb-js .nb-copy { position: static; margin: 0 0 0.2rem auto; }
  .nb-command .nb-transcript { padding-right: 0.7rem; }
  main, .nb-nav { padding: 0 0.8rem; }
  h1 { font-size: 1.5rem; }
  h2 { font-size: 1.25rem; }
  pre { padding: 0.6rem 0.7rem; font-size: 0.8em; }
}

@media print {
  .nb-nav { display: none; }
  pre { white-space: pre-wrap; }
}
`;
