import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { readFixture } from "../../lib/fixture/read_fixture.ts";
import { Topology, TOPOLOGY_MIME } from "../../lib/inspect/topology.ts";
import type { TopologyLink, TopologyModel } from "../../lib/inspect/topology_model.ts";
import { topologyToTerminal } from "../../lib/inspect/topology_terminal.ts";
import { Diagram } from "../../lib/render/diagram.ts";
import { DISPLAY } from "../../lib/render/mime.ts";
import { tooWide } from "../render/diagram_checks.ts";
import { assertGolden } from "./golden.ts";
import { topologyProblems } from "./topology_checks.ts";
import { topologiesIn } from "./topology_reads.ts";
import { mimeText } from "../mime_texts.ts";
import { recordedCalls } from "../recorded_calls.ts";

const dataPath = (name: string) => fileURLToPath(new URL(`../data/${name}`, import.meta.url));

// tests/data/topology_lab.md: two namespaces on a bridge, as its recording read them.
const fixture = await readFixture(
  dataPath("topology_lab.fixture.json"),
  dataPath("topology_lab.md"),
);
const [lab] = topologiesIn(recordedCalls(fixture, "draw"));
assert.ok(lab, "the draw cell shows a topology");

Deno.test("the known lab: each interface in its namespace's box, ports under the bridge, pairs numbered", async () => {
  const text = topologyToTerminal(lab, { width: 80 });
  assert.deepEqual(topologyProblems(lab, text), []);
  assert.match(text, /│ ├─ client1-veth-br \(veth\) {2}═1═ client1-veth in netns client1 +│/);
  assert.match(text, /│ {3}═1═ client1-veth-br in lab host +│/);
  await assertGolden("topology_bridge_lab.txt", text);
});

Deno.test("the known lab fits 40, 80 and 120 columns and still reads right", () => {
  for (const width of [40, 60, 80, 120]) {
    const text = topologyToTerminal(lab, { width });
    assert.deepEqual(tooWide(text, width), [], text);
    assert.deepEqual(topologyProblems(lab, text), [], text);
  }
});

Deno.test("a topology displays as its own layout, mermaid for HTML, and its model", () => {
  const topology = new Topology(lab);
  const bundle = topology[DISPLAY]();
  assert.ok(topology instanceof Diagram);
  assert.equal(mimeText(bundle), topologyToTerminal(lab, { width: 80 }));
  assert.match(
    mimeText(bundle, "text/markdown"),
    /^```mermaid\nflowchart LR\n {2}subgraph host_\["lab host"\]/,
  );
  assert.deepEqual(JSON.parse(mimeText(bundle, TOPOLOGY_MIME)), lab);
  assert.equal(topology.toText(120), topologyToTerminal(lab, { width: 120 }));
  assert.equal(topology.attachSvg("<svg/>")[DISPLAY]()["image/svg+xml"], "<svg/>");
});

const veth = (name: string, peer: string, ns?: string, more: Partial<TopologyLink> = {}) => ({
  name,
  kind: "veth",
  state: "UP",
  addresses: [],
  peer: ns === undefined ? { name: peer } : { ns, name: peer },
  ...more,
});

/** A bridge in the lab host with `n` namespaces on it, named ns1 ... nsN, given out of order. */
function star(n: number): TopologyModel {
  const names = Array.from({ length: n }, (_, i) => `ns${n - i}`);
  return {
    namespaces: [
      {
        links: [
          { name: "br0", kind: "bridge", state: "UP", addresses: ["10.0.0.1/24"] },
          ...names.map((ns) => veth(`veth-${ns}`, "eth0", ns, { bridge: "br0" })),
        ],
      },
      ...names.map((ns) => ({
        ns,
        links: [veth("eth0", `veth-${ns}`, undefined, { addresses: [`10.0.0.${ns.slice(2)}/24`] })],
      })),
    ],
  };
}

Deno.test("namespaces and ports come in natural order: ns2 before ns10", () => {
  const text = topologyToTerminal(star(10), { width: 120 });
  const at = (s: string) => text.indexOf(s);
  assert.ok(at("┌─ netns ns2 ") < at("┌─ netns ns10 "), text);
  assert.ok(at("veth-ns2 (veth)") < at("veth-ns10 (veth)"), text);
});

Deno.test("a big lab is a table grouped by bridge, not an 800-line drawing", () => {
  const model = star(50);
  const text = topologyToTerminal(model, { width: 80 });
  const lines = text.split("\n");
  assert.match(lines[0] ?? "", /a lab of 50 namespaces/);
  assert.match(text, /^bridge br0 · in lab host · 10\.0\.0\.1\/24$/m);
  assert.deepEqual(tooWide(text, 80), []);
  assert.ok(lines.length < 60, `${lines.length} lines`);
  const rows = lines.filter((l) => /^veth-ns\d+ /.test(l));
  assert.equal(rows.length, 50);
  assert.match(rows[1] ?? "", /^veth-ns2 +eth0 +netns ns2 +10\.0\.0\.2\/24$/);
  assert.ok(rows.indexOf(rows.find((r) => r.startsWith("veth-ns10 "))!) === 9, "natural order");
});

Deno.test("a small lab stays a drawing; the table threshold is an option", () => {
  assert.ok(topologyToTerminal(star(3), { width: 80 }).startsWith("┌─ lab host "));
  assert.match(topologyToTerminal(star(3), { width: 80, maxNamespaces: 2 }), /^a lab of 3/);
});

Deno.test("both ends in one namespace, an end whose peer is unknown, marks in one column", () => {
  const model: TopologyModel = {
    namespaces: [{
      links: [
        veth("a", "b", undefined, { state: "DOWN" }),
        veth("b", "a", undefined, { state: "DOWN" }),
        { name: "lost", kind: "veth", state: "UP", addresses: [] },
      ],
    }],
  };
  const text = topologyToTerminal(model, { width: 80 });
  assert.deepEqual(topologyProblems(model, text), []);
  assert.match(text, /│ a \(veth\) {2}DOWN {2}═1═ b in lab host +│/);
  assert.equal(text.split("\n")[3]?.indexOf("═?═"), text.split("\n")[1]?.indexOf("═1═"));
  assert.match(text, /│ lost \(veth\) +═\?═ peer unknown +│/);
});

Deno.test("a macvlan is drawn with its parent: on its line, and as an edge in the diagram", async () => {
  const { topologyModel } = await import("../../lib/inspect/topology_model.ts");
  const { LinkTable } = await import("../../lib/inspect/link_table.ts");
  const { AddressTable } = await import("../../lib/inspect/address_table.ts");
  const { resolveVethPeers } = await import("../../lib/inspect/veth_peers.ts");
  const host = LinkTable.parse(JSON.stringify([
    { ifindex: 2, ifname: "eth0", operstate: "UP", mtu: 1500, linkinfo: { info_kind: "veth" } },
  ]));
  const pod = LinkTable.parse(JSON.stringify([{
    ifindex: 5,
    ifname: "mv0",
    operstate: "UP",
    mtu: 1500,
    link_index: 2,
    link_netnsid: 0,
    linkinfo: { info_kind: "macvlan" },
  }]));
  const links = resolveVethPeers(
    new Map([[undefined, host], ["pod", pod]]),
    new Map(), // the lab host has no name for `ip netns list-id` to give
  );
  const empty = AddressTable.parse("[]");
  const model = topologyModel(
    new Map([...links].map(([ns, t]) => [ns, { links: t, addresses: empty }])),
  );
  const [mv] = model.namespaces.find((n) => n.ns === "pod")!.links;
  assert.ok(mv);
  assert.deepEqual(mv.parent, { name: "eth0" });
  const text = topologyToTerminal(model, { width: 80 });
  assert.match(text, /mv0 \(macvlan\) +on eth0 in lab host/);
  const source = new Topology(model).source;
  assert.match(source, /ns_pod_mv0 -\.-\|parent\| host_eth0/);
});
