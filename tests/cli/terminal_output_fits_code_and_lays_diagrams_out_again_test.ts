import assert from "node:assert/strict";
import { cellToTerminal, outputToTerminal, wrapCode } from "../../lib/cli/terminal_output.ts";
import { Topology } from "../../lib/inspect/topology.ts";
import type { TopologyModel } from "../../lib/inspect/topology_model.ts";
import { topologyToTerminal } from "../../lib/inspect/topology_terminal.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { Diagram } from "../../lib/render/diagram.ts";
import { mermaidToTerminal } from "../../lib/render/mermaid_terminal.ts";
import { DISPLAY } from "../../lib/render/mime.ts";
import { makeStyle } from "../../lib/render/style.ts";
import { tooWide } from "../render/diagram_checks.ts";
import { MISPLACED, VETH_PAIR } from "../render/diagrams.ts";

const s = makeStyle(false);
const LONG =
  "    expect(toServer?.lladdr === server1Veth.mac, `client1's ARP entry for 192.168.1.12 to be server1-veth's MAC`);";

Deno.test("a long code line wraps at spaces, its later pieces indented under it", () => {
  const pieces = wrapCode(LONG, 50);
  assert.ok(pieces.length > 1);
  for (const p of pieces) assert.ok(p.length <= 50, p);
  assert.ok(pieces.slice(1).every((p) => p.startsWith("        ")), pieces.join("\n"));
  assert.equal(pieces.map((p) => p.trim()).join(" "), LONG.trim(), "no word lost or cut");
  assert.deepEqual(wrapCode("short", 50), ["short"]);
});

Deno.test("a cell keeps its gutter on every wrapped line and fits the width", () => {
  const nb = parseNotebook("# T\n\n```ts id=check\n" + LONG + "\nconst x = 1;\n```\n", "t.md");
  const [cell] = nb.cells;
  assert.ok(cell);
  const text = cellToTerminal(cell, "notebooks/02-bridge.md", s, 50);
  const [head, ...code] = text.split("\n");
  assert.match(head ?? "", /^── check · notebooks\/02-bridge\.md:3 ──$/);
  assert.deepEqual(tooWide(text, 50), []);
  assert.ok(code.every((l) => l.startsWith("│ ")), text);
  assert.equal(code.at(-1), "│ const x = 1;");
});

const model: TopologyModel = {
  namespaces: [
    {
      links: [
        { name: "br0", kind: "bridge", state: "UP", addresses: ["10.0.0.1/24"] },
        {
          name: "veth-web",
          kind: "veth",
          state: "UP",
          addresses: [],
          bridge: "br0",
          peer: { ns: "web", name: "eth0" },
        },
      ],
    },
    {
      ns: "web",
      links: [{
        name: "eth0",
        kind: "veth",
        state: "UP",
        addresses: ["10.0.0.10/24"],
        peer: { name: "veth-web" },
      }],
    },
  ],
};

Deno.test("a topology shown by a cell is laid out again for the terminal's width", () => {
  const bundle = new Topology(model)[DISPLAY]();
  for (const width of [44, 80, 120]) {
    const text = outputToTerminal({ type: "display", bundle }, s, width);
    assert.equal(text, topologyToTerminal(model, { width }));
    assert.deepEqual(tooWide(text, width), []);
  }
  assert.notEqual(
    outputToTerminal({ type: "display", bundle }, s, 44),
    outputToTerminal({ type: "display", bundle }, s, 120),
  );
});

Deno.test("a diagram shown by a cell is drawn again for the terminal's width", () => {
  const bundle = new Diagram(VETH_PAIR, { width: 100 })[DISPLAY]();
  assert.equal(
    outputToTerminal({ type: "display", bundle }, s, 19),
    mermaidToTerminal(VETH_PAIR, { width: 19 }),
  );
  const network = new Diagram(MISPLACED)[DISPLAY]();
  assert.match(outputToTerminal({ type: "display", bundle: network }, s, 80), /^┌─ netns pod /);
  assert.match(outputToTerminal({ type: "display", bundle: network }, s, 30), /^┌ outline/);
});

Deno.test("anything else shows its own text/plain", () => {
  const trace = {
    "text/plain": "the table",
    "text/html": "<table></table>",
    "text/markdown": "```mermaid\nsequenceDiagram\n  A->>B: x\n```",
  };
  assert.equal(outputToTerminal({ type: "display", bundle: trace }, s, 80), "the table");
  const odd = { "text/plain": "as it was", "application/vnd.netbook.topology+json": "{not json" };
  assert.equal(outputToTerminal({ type: "display", bundle: odd }, s, 80), "as it was");
});
