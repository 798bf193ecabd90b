import assert from "node:assert/strict";
import type { RunResult } from "../../lib/execute/results.ts";
import { pageDiagrams } from "../../lib/export/html_diagrams.ts";
import { renderPage } from "../../lib/export/html_page.ts";
import { renderTable } from "../../lib/inspect/render_table.ts";
import { CellError } from "../../lib/execute/errors.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { Diagram } from "../../lib/render/diagram.ts";
import { DISPLAY } from "../../lib/render/mime.ts";
import { dataPath, readData } from "../support.ts";

const AUTHORED = "flowchart LR\n  a[netns a] --- b[netns b]";
const SHOWN = "flowchart LR\n  x --> y";
const fakeSvg = (label: string) =>
  `<svg id="mermaid-${label}" xmlns="http://www.w3.org/2000/svg"><style>#mermaid-${label} .edge` +
  `{fill:url(#mermaid-${label}_marker)}</style><marker id="mermaid-${label}_marker"/>` +
  `<g id="L_a_b_0"><text>${label}</text></g></svg>`;
const SVGS = new Map([[AUTHORED, fakeSvg("authored")], [SHOWN, fakeSvg("shown")]]);

const ROUTES = renderTable({
  className: "nb-routes",
  caption: "routes in namespace a",
  head: ["Destination", "Gateway", "Iface"],
  rows: [
    { cells: ["0.0.0.0", "192.168.1.1", "eth0"], className: "nb-chosen", marker: "→" },
    { cells: ["192.168.1.0", "0.0.0.0", "eth0"] },
  ],
});

/** Like a packet trace: a table, and a diagram in its Markdown. */
const TRACE = {
  "text/plain": "1  raw PREROUTING",
  "text/html": '<table class="nb-table nb-trace"><tr><td>raw PREROUTING</td></tr></table>',
  "text/markdown": "```mermaid\nsequenceDiagram\n  a->>b: SYN\n```",
};

/** A run of tests/data/html_page.md, made by hand: one cell of each status. */
async function run(): Promise<RunResult> {
  const notebook = parseNotebook(await readData("html_page.md"), dataPath("html_page.md"));
  const transcript = {
    command: "ip link show '<b>&amp;</b>'",
    stdout: "",
    stderr: 'Device "<b>&amp;</b>" does not exist.\n',
    code: 1,
    ms: 3,
    expected: true,
  };
  return {
    notebook,
    mode: "replay",
    reason: "replay was asked for",
    ok: false,
    error: new CellError("html_page.md:38: Error: boom <now>", "stopped", 38, "error"),
    cells: [
      {
        id: "escaped",
        status: "expected-error",
        ms: 3,
        outputs: [{ type: "command", transcript }],
      },
      {
        id: "table",
        status: "ok",
        ms: 1,
        outputs: [
          { type: "display", bundle: ROUTES },
          { type: "display", bundle: new Diagram(SHOWN)[DISPLAY]() },
          { type: "display", bundle: TRACE },
        ],
      },
      { id: "later", status: "skipped", ms: 0, note: "the cell says skip", outputs: [] },
      {
        id: "secret",
        status: "ok",
        ms: 0,
        outputs: [{ type: "stream", name: "stdout", text: "a hidden cell prints this\n" }],
      },
      { id: "stopped", status: "not-run", ms: 0, outputs: [] },
    ],
  };
}

const NAV = {
  svgs: SVGS,
  index: "index.html",
  prev: { href: "01-netns-veth.html", title: "Two <namespaces>" },
  next: { href: "03-port-forward.html", title: "Port forwarding" },
};

Deno.test("a page shows the title, summary, objectives and sources first", async () => {
  const html = renderPage(await run(), NAV);
  assert.match(html, /^<!doctype html>\n<html lang="en"[ >]/);
  assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
  assert.match(html, /<link rel="stylesheet" href="style.css">/);
  assert.match(html, /<title>A page of every kind · netbook<\/title>/);
  assert.match(html, /<h1 class="nb-title">A page of every kind<\/h1>/);
  assert.match(html, /Narrative with <code>code<\/code>, a diagram/);
  assert.match(html, /<li>Read a <em>route table<\/em> in HTML<\/li>/);
  assert.match(html, /&quot;K8s网络学习&quot; by AGou-ops, The point-to-point model/);
  assert.doesNotMatch(html, /seed/);
  const header = html.indexOf('<header class="nb-header">');
  assert.ok(header >= 0 && header < html.search(/<h1 id="every-kind-of-part">Every kind of part/));
});

Deno.test("narrative is Markdown, its HTML escaped and links to notebooks go to their pages", async () => {
  const html = renderPage(await run(), NAV);
  assert.match(html, /Some <strong>narrative<\/strong>/);
  assert.match(html, /<a href="02-bridge.html#step-1">the bridge<\/a>/);
  assert.match(html, /&lt;b&gt;nowhere&lt;\/b&gt;/);
  assert.ok(!html.includes("<b>nowhere</b>"));
});

Deno.test("code is escaped, with the cell's id, options and line beside it", async () => {
  const html = renderPage(await run(), NAV);
  // Highlighted at export (highlight.js's classes), and still escaped.
  assert.match(
    html,
    /<pre class="nb-code"><code class="language-ts"><span class="hljs-keyword">const<\/span> tag = <span class="hljs-string">&quot;&lt;b&gt;&amp;amp;&lt;\/b&gt;&quot;<\/span>;/,
  );
  assert.ok(!html.includes('"<b>&amp;</b>"'), "no raw code in the page");
  assert.match(
    html,
    /<span class="nb-cell-id">escaped<\/span> <span class="nb-cell-flag">expect-error/,
  );
  assert.match(html, /<span class="nb-cell-line">html_page.md:\d+<\/span>/);
  // A transcript: the command highlighted as shell, a button that copies it as typed.
  assert.match(
    html,
    /<button class="nb-copy" type="button" data-copy="ip link show [^"]*"[^>]*>Copy<\/button><pre class="nb-transcript"><span class="nb-prompt">\$ <\/span><code class="nb-shell">ip <span class="hljs-built_in">link<\/span> show/,
  );
  assert.match(html, /\[exit 1, as expected\]/);
});

Deno.test("outputs follow their cell: a table's HTML, a diagram to draw", async () => {
  const html = renderPage(await run(), NAV);
  const cell = html.slice(html.indexOf('id="cell-table"'), html.indexOf('id="cell-later"'));
  assert.match(cell, /<table class="nb-table nb-routes"[^>]*>/);
  assert.match(cell, /<caption>routes in namespace a<\/caption>/);
  assert.match(cell, /<tr class="nb-chosen"><td[^>]*>0.0.0.0<\/td><td[^>]*>192.168.1.1<\/td>/);
  assert.match(cell, /<figure class="nb-diagram" data-source="[^"]+">/);
  assert.ok(cell.indexOf("<table") < cell.indexOf("<figure"), "in the order they were shown");
});

Deno.test("a bundle with HTML and a diagram in its Markdown shows the HTML, as Jupyter does", async () => {
  const r = await run();
  const html = renderPage(r, NAV);
  assert.match(html, /<div class="nb-html"><table class="nb-table nb-trace"[^>]*>/);
  assert.ok(!html.includes("sequenceDiagram"));
  assert.equal(html.match(/<figure /g)?.length, 2);
  assert.deepEqual(pageDiagrams(r), [{ source: AUTHORED }, { source: SHOWN }]);
});

Deno.test("every diagram travels as its mermaid source, escaped, drawn in the page", async () => {
  const r = await run();
  const html = renderPage(r, NAV);
  assert.equal(pageDiagrams(r).length, 2);
  assert.equal(html.match(/<figure class="nb-diagram" data-source=/g)?.length, 2);
  // Without the script (or mermaid), the source shows, so it cannot pass for a drawing.
  assert.match(html, /<pre class="nb-mermaid">flowchart LR\n {2}a\[netns a\]/);
  assert.match(html, /<script src="mermaid.min.js" defer><\/script>/);
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], "duplicate ids");
});

Deno.test("skipped, hidden and not-run cells, and the run's error", async () => {
  const html = renderPage(await run(), NAV);
  assert.match(html, /<p class="nb-skipped">Skipped: the cell says skip<\/p>/);
  assert.ok(!html.includes("secret"), "a hidden cell is not shown");
  assert.ok(!html.includes("a hidden cell prints this"), "nor its output");
  assert.match(html, /id="cell-stopped"[\s\S]*<p class="nb-not-run">/);
  assert.match(html, /<div class="nb-run-error" role="alert">[\s\S]*boom &lt;now&gt;/);
});

Deno.test("previous, contents and next links, escaped; none past either end", async () => {
  const html = renderPage(await run(), NAV);
  assert.match(
    html,
    /<a class="nb-prev" rel="prev" href="01-netns-veth.html">← Two &lt;namespaces&gt;<\/a>/,
  );
  assert.match(html, /<a class="nb-contents" href="index.html">Contents<\/a>/);
  assert.match(html, /<a class="nb-next" rel="next" href="03-port-forward.html">Port forwarding →/);
  const alone = renderPage(await run(), { svgs: SVGS, index: "index.html" });
  assert.ok(!alone.includes('rel="prev"') && !alone.includes('rel="next"'));
});
