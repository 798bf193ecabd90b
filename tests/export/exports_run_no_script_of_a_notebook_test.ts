/**
 * A notebook may come from a stranger, and so may its recording: the HTML page shows a display's
 * HTML only as far as it is safe (the tags netbook's own renderers use), links only to http(s)
 * or relative URLs, and carries a Content-Security-Policy; the Markdown export shows the
 * narrative's HTML as text (or sanitized, for blocks) and neutralizes other links. Chromium's
 * side of it is in html_site_opens_in_chromium_test.ts.
 */
import assert from "node:assert/strict";
import MarkdownIt from "markdown-it";
import type { RunResult } from "../../lib/execute/results.ts";
import { renderPage } from "../../lib/export/html_page.ts";
import { outputBundle } from "../../lib/export/output_bundle.ts";
import { htmlTable } from "../../lib/inspect/render_table.ts";
import { safeHtml, safeUrl } from "../../lib/export/safe_html.ts";
import { safeMarkdown } from "../../lib/export/safe_markdown.ts";
import { toMarkdown } from "../../lib/export/to_markdown.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { dataPath, replayFile } from "../support.ts";

/**
 * The site's own scripts, as files (its script, mermaid's bundle, the search index): the only
 * script elements a page may have (the Content-Security-Policy runs no other).
 */
const OWN_SCRIPTS =
  /<script src="(?:\.\.\/)?(?:site\.js|mermaid\.min\.js|search-index\.js)" defer><\/script>/g;

/** A page's HTML as a browser would take it: no script, handler or javascript: link in a tag. */
const ACTIVE =
  /<script\b|<[^>]*\son[a-z]+\s*=|(?:href|src)="\s*(?:javascript:|vbscript:|data:(?!image\/svg\+xml;base64,))/i;

Deno.test("safeUrl lets only http(s) and relative URLs through, however they are spelt", () => {
  for (const ok of ["https://example.com/a", "http://x", "02-bridge.html#cell-x", "../a", "#top"]) {
    assert.equal(safeUrl(ok), ok);
  }
  for (
    const bad of [
      "javascript:alert(1)",
      " JaVaScRiPt:alert(1)",
      "java\tscript:alert(1)",
      "\x01javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:x",
      "file:///etc/passwd",
      "//evil.example/x",
      "/\\evil.example",
    ]
  ) {
    assert.equal(safeUrl(bad), undefined, JSON.stringify(bad));
  }
});

Deno.test("safeHtml keeps what netbook's renderers write and drops what runs", async () => {
  // netbook's own HTML: a transcript, an inspector's table, a rule listing.
  const run = await replayFile("tests/data/inspect_lab.md");
  const own = run.cells.flatMap((c) => c.outputs).flatMap((o) =>
    outputBundle(o)["text/html"] ?? []
  );
  assert.ok(own.length >= 2, "inspect_lab shows tables");
  const parse = (html: string) => new DOMParserLike(html).text();
  for (const html of own) assert.equal(parse(safeHtml(html)), parse(html));
  // A table's own alignment and font stay (Jupyter's stylesheet would right-align its cells);
  // no other style does.
  const table = htmlTable({
    className: "nb-routes",
    head: ["dev", "mtu"],
    rows: [{ cells: ["eth0", "1500"] }],
    right: [1],
  });
  assert.match(safeHtml(table), /<td class="nb-num" style="text-align:right">/);
  assert.match(safeHtml(table), /<table class="nb-table[^"]*" style="font-family:monospace">/);
  assert.equal(
    safeHtml('<table style="background:url(https://x)"><tr><td style="color:red;text-align:left">'),
    '<table><tr><td style="text-align:left"></td></tr></table>',
  );
  const hostile = '<p class="nb-note" onclick="x()">kept</p><script>alert(1)</script>' +
    '<img src=x onerror=alert(1)><a href="javascript:alert(1)">link</a>' +
    '<a href="https://example.com" style="x">ok</a><iframe src="https://x"></iframe>' +
    "<svg><script>alert(1)</script></svg><style>body{}</style>";
  assert.equal(
    safeHtml(hostile),
    '<p class="nb-note">kept</p><a>link</a><a href="https://example.com">ok</a>',
  );
});

/** The text of HTML without its markup (to compare what two serialisations say). */
class DOMParserLike {
  constructor(readonly html: string) {}
  text(): string {
    return this.html.replace(/<[^>]+>/g, "").replaceAll("&quot;", '"').replace(/\s+/g, " ")
      .trim();
  }
}

Deno.test("the HTML page of a hostile notebook has no script, handler or javascript: link", async () => {
  const path = dataPath("hostile/html_export.md");
  const notebook = parseNotebook(await Deno.readTextFile(path), path);
  const html = '<p>shown</p><script>alert(1)</script><a href="javascript:alert(2)">x</a>';
  const svg = '<svg onload="alert(3)"><script>alert(4)</script></svg>';
  const run: RunResult = {
    notebook,
    mode: "replay",
    reason: "a test",
    ok: true,
    cells: [{
      id: "shows",
      status: "ok",
      ms: 1,
      outputs: [
        { type: "display", bundle: { "text/html": html } },
        { type: "display", bundle: { "image/svg+xml": svg } },
      ],
    }],
  };
  const page = renderPage(run, { svgs: new Map(), index: "index.html" });
  assert.doesNotMatch(page.replace(OWN_SCRIPTS, ""), ACTIVE);
  assert.match(
    page,
    /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self';/,
  );
  assert.match(page, /<li>&quot;A source whose link is a script&quot;<\/li>/);
  assert.match(page, /<div class="nb-html"><p>shown<\/p><a>x<\/a><\/div>/);
});

Deno.test("the Markdown export shows a notebook's HTML as text and keeps only safe links", async () => {
  const path = dataPath("hostile/html_export.md");
  const notebook = parseNotebook(await Deno.readTextFile(path), path);
  const run: RunResult = {
    notebook,
    mode: "replay",
    reason: "a test",
    ok: true,
    cells: notebook.cells.map((c) => ({ id: c.id, status: "ok", ms: 1, outputs: [] })),
  };
  const md = toMarkdown(run);
  // As a Markdown viewer that allows HTML would show it.
  const rendered = new MarkdownIt({ html: true }).render(md);
  assert.doesNotMatch(rendered, ACTIVE);
  assert.match(md, /- "A source whose link is a script"\n/);
  assert.match(md, /Narrative with \\<img src=x onerror=/);
  assert.match(md, /\[a link\]\(#\) in it\./);
  // Code keeps its text: the cell is shown as written.
  assert.ok(md.includes(`'<script>document.documentElement.dataset.pwned = "display script";`));
  assert.equal(
    safeMarkdown("`<b>` and <b>x</b>\n\n[r]: javascript:x"),
    "`<b>` and \\<b>x\\</b>\n\n[r]: #",
  );
});
