import assert from "node:assert/strict";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { pageFile, renderIndex } from "../../lib/export/html_index.ts";
import { renderPage } from "../../lib/export/html_page.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { dataPath, readData, replayFile } from "../support.ts";

async function replay(name: string) {
  const notebook = parseNotebook(await readData(name), dataPath(name));
  return await runNotebook(notebook, { mode: "replay" });
}

Deno.test("the index lists every notebook in order: linked title, summary, objectives", async () => {
  const runs = [await replay("topology_lab.md"), await replay("inspect_lab.md")];
  const html = renderIndex(runs);
  assert.match(html, /<meta name="viewport"/);
  const topology = html.indexOf('<a href="topology_lab.html">Topology of a known lab</a>');
  const inspect = html.indexOf('<a href="inspect_lab.html">A lab for the inspectors</a>');
  assert.ok(topology > 0 && inspect > topology, "both, in order");
  assert.match(html, /<p class="nb-summary">two namespaces on a bridge, drawn from the lab itself/);
  assert.match(html, /<li>draw the lab<\/li>/);
  assert.match(html, /<li>Record real output of ip -j, bridge -j, iptables-save -c/);
});

Deno.test("a replayed notebook's page: transcripts and the lab's topology as a diagram", async () => {
  const run = await replay("topology_lab.md");
  assert.ok(run.ok, run.error?.message);
  assert.equal(pageFile(run.notebook), "topology_lab.html");
  const html = renderPage(run, { index: "index.html" });
  assert.match(
    html,
    /<span class="nb-prompt">\$ <\/span><code class="nb-shell">ip netns add client1/,
  );
  const figures = [...html.matchAll(/<figure class="nb-diagram" data-source="([^"]*)"/g)];
  assert.equal(figures.length, 1, "one diagram");
  assert.match(figures[0]?.[1] ?? "", /bridge1/);
});

Deno.test("the index links the curriculum's sources page, outside the notebooks' order", async () => {
  const sources = await replayFile("notebooks/sources.md");
  const html = renderIndex([await replayFile("notebooks/01-netns-veth.md")], [sources]);
  assert.match(html, /<footer class="nb-site-footer"><p>\n<a href="sources\.html">/);
  const toc = html.slice(html.indexOf('<ol class="nb-toc">'), html.indexOf("</ol>"));
  assert.doesNotMatch(toc, /sources\.html/);
});
