/**
 * Warm pages draw each diagram as mermaid-cli's renderMermaid draws it in a fresh page: the same
 * SVG, byte for byte, whatever the page drew before (a sequence diagram after another, a
 * diagram after one that set its own theme with a directive), fonts embedded where used. Only the
 * order of the embedded CSS may differ: mermaid-cli itself leaves it to chance (see below).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { MermaidRenderer } from "../../lib/render/mermaid_svg.ts";
import { launchReferenceWorker } from "./mermaid_svg_reference_launch.ts";
import { MISPLACED, PING, VETH_PAIR } from "./diagrams.ts";
import { tempCache } from "./mermaid_svg_fake_worker.ts";

const ignore = !existsSync("/usr/bin/chromium") && !Deno.env.get("CI");

/** Packets through the netfilter hooks, as 04's trace draws them: three actors, notes. */
const TRACE = `sequenceDiagram
  participant H0 as PREROUTING
  participant H1 as FORWARD
  participant H2 as POSTROUTING
  H0->>H1: packet 1: 10.244.1.2 → 203.0.113.10 (in cni0 out eth0)
  Note over H1: filter policy → ACCEPT
  H1->>H2: packet 1: 10.244.1.2 → 203.0.113.10 (in cni0 out eth0)
  Note over H2: nat rule → ACCEPT: -s 10.244.1.0/24 ! -o cni0 -j MASQUERADE`;

/** A diagram that sets its own theme: the next one must not inherit it. */
const DIRECTIVE = `%%{init: {"theme": "forest", "flowchart": {"curve": "step"}}}%%
flowchart TB
  a["pod"] --> b["cni0"] --> c["eth0"]`;

/** Font Awesome icons: the SVG embeds the icon font (the font embedder's work). */
const ICONS = `flowchart LR
  node["fa:fa-server node"] --> pod["fa:fa-box pod"]`;

/**
 * mermaid-cli links its stylesheets with one browser round trip each, all at once, so under load
 * they may land in the page in another order, and the font CSS it embeds follows that order: the
 * same SVG but for the order of the embedded style's lines is the same drawing.
 */
function sameUpToSheetOrder(a: string, b: string): boolean {
  const styles = (svg: string) => [...svg.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
  const rest = (svg: string) => svg.replace(/<style>[\s\S]*?<\/style>/g, "<style/>");
  const lines = (css: string) => css.split("\n").sort().join("\n");
  return rest(a) === rest(b) && lines(styles(a).join("\n")) === lines(styles(b).join("\n"));
}

/** Where two SVGs part, with some context on each side: enough to see what moved. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 120);
  return `warm:      …${a.slice(from, i + 200)}\nmermaid-cli: …${b.slice(from, i + 200)}`;
}

Deno.test({
  name:
    "warm pages draw every diagram as mermaid-cli does in a fresh page (byte for byte, up to the order mermaid-cli links its stylesheets in)",
  ignore,
  async fn() {
    const diagrams = [VETH_PAIR, PING, DIRECTIVE, ICONS, TRACE, MISPLACED, PING + "\n  %% again"];
    await using warmCache = await tempCache();
    await using referenceCache = await tempCache();
    await using warm = new MermaidRenderer({ cacheDir: warmCache.dir, concurrency: 1 });
    await using reference = new MermaidRenderer({
      cacheDir: referenceCache.dir,
      launch: launchReferenceWorker,
    });
    // all in one warm page, one after the other
    const drawn = await Promise.all(diagrams.map((d) => warm.render(d)));
    assert.equal(warm.stats.mermaidLoads, 1);
    const expected = await Promise.all(diagrams.map((d) => reference.render(d)));
    assert.equal(reference.stats.mermaidLoads, diagrams.length, "mermaid-cli: once per diagram");
    for (const [i, svg] of drawn.entries()) {
      if (svg !== expected[i] && sameUpToSheetOrder(svg, expected[i])) continue;
      assert.ok(
        svg === expected[i],
        `diagram ${i} differs:\n${diagrams[i]}\n${firstDifference(svg, expected[i])}`,
      );
    }
    const embedded = (svg: string) => svg.match(/@font-face/g)?.length ?? 0;
    assert.ok(embedded(drawn[diagrams.indexOf(ICONS)]) > 0, "the icon font is embedded");
    assert.equal(embedded(drawn[0]), 0, "no font where none is used");
  },
});
