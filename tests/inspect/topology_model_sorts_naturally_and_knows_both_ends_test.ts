import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { readFixture } from "../../lib/fixture/read_fixture.ts";
import { AddressTable } from "../../lib/inspect/address_table.ts";
import { type Link, LinkTable } from "../../lib/inspect/link_table.ts";
import { naturalCompare, topologyModel } from "../../lib/inspect/topology_model.ts";
import { topologiesIn } from "./topology_reads.ts";
import { recordedCalls } from "../recorded_calls.ts";

const dataPath = (name: string) => fileURLToPath(new URL(`../data/${name}`, import.meta.url));

Deno.test("names sort the way a person sorts them: ns2 before ns10", () => {
  const names = ["ns10", "ns2", "web", "ns1", "pod-b10", "pod-b9", "ns02"];
  assert.deepEqual(names.sort(naturalCompare), [
    "ns1",
    "ns2",
    "ns02",
    "ns10",
    "pod-b9",
    "pod-b10",
    "web",
  ]);
});

Deno.test("the known lab's model: host first, lo left out, ports and both peers known", async () => {
  const fixture = await readFixture(
    dataPath("topology_lab.fixture.json"),
    dataPath("topology_lab.md"),
  );
  const [model] = topologiesIn(recordedCalls(fixture, "draw"));
  assert.ok(model, "the draw cell shows a topology");
  assert.deepEqual(model.namespaces.map((n) => n.ns), [undefined, "client1", "server1"]);
  const host = model.namespaces[0]?.links ?? [];
  assert.deepEqual(host.map((l) => l.name), ["bridge1", "client1-veth-br", "server1-veth-br"]);
  assert.deepEqual(host[0], {
    name: "bridge1",
    kind: "bridge",
    state: "UP",
    addresses: ["192.168.1.1/24"],
  });
  assert.equal(host[1]?.bridge, "bridge1");
  assert.deepEqual(host[1]?.peer, { ns: "client1", name: "client1-veth" });
  assert.deepEqual(model.namespaces[1]?.links[0]?.peer, { name: "client1-veth-br" });
  assert.deepEqual(model.namespaces[1]?.links[0]?.addresses, ["192.168.1.11/24"]);
});

const link = (index: number, name: string, more: Partial<Link> = {}): Link => ({
  index,
  name,
  type: "veth",
  state: "UP",
  flags: [],
  mtu: 1500,
  ...more,
});
const addrs = (json: unknown[]) => AddressTable.parse(JSON.stringify(json));

Deno.test("a peer known from one end only is known at both; a busy lo is shown", () => {
  const views = new Map<string | undefined, { links: LinkTable; addresses: AddressTable }>([
    ["ns10", { links: new LinkTable([link(2, "b")]), addresses: addrs([]) }],
    [undefined, {
      links: new LinkTable([
        link(1, "lo", { type: "loopback", state: "UNKNOWN" }),
        link(3, "a", { peer: { ns: "ns10", name: "b" } }),
      ]),
      addresses: addrs([{
        ifindex: 1,
        ifname: "lo",
        mtu: 65536,
        addr_info: [{ family: "inet", local: "127.0.0.1", prefixlen: 8 }, {
          family: "inet",
          local: "192.168.0.116",
          prefixlen: 32,
        }],
      }]),
    }],
    ["ns2", { links: new LinkTable([link(1, "lo", { type: "loopback" })]), addresses: addrs([]) }],
  ]);
  const model = topologyModel(views);
  assert.deepEqual(model.namespaces.map((n) => n.ns), [undefined, "ns2", "ns10"]);
  assert.deepEqual(model.namespaces[0]?.links.map((l) => l.name), ["a", "lo"]);
  assert.deepEqual(model.namespaces[0]?.links[1]?.addresses, ["127.0.0.1/8", "192.168.0.116/32"]);
  assert.deepEqual(model.namespaces[1]?.links, [], "an idle lo is left out");
  assert.deepEqual(model.namespaces[2]?.links[0]?.peer, { name: "a" });
});

Deno.test("a tunnel module's idle fallback devices are left out, and shown once in use", async () => {
  // 08 was recorded in the micro-VM, whose kernel has ipip and ip_gre loaded: every namespace
  // gets tunl0, gre0, gretap0 and erspan0, down and unaddressed, until the IPIP cells use tunl0.
  const path = fileURLToPath(new URL("../../notebooks/08-calico-bgp.md", import.meta.url));
  const fixture = await readFixture(
    fileURLToPath(new URL("../../fixtures/08-calico-bgp.json", import.meta.url)),
    path,
  );
  const raw = JSON.stringify(fixture.cells.underlay);
  assert.match(raw, /"ifname\\":\\"gretap0\\"/, "the recording has no fallback devices");
  const names = (cell: string) =>
    topologiesIn(recordedCalls(fixture, cell)).flatMap((m) =>
      m.namespaces.flatMap((n) => n.links.map((l) => `${n.ns ?? "host"}/${l.name}`))
    );
  const fallbacks = /\/(tunl0|gre0|gretap0|erspan0)$/;
  assert.deepEqual(names("underlay").filter((n) => fallbacks.test(n)), []);
  const last = names("final-topology").filter((n) => fallbacks.test(n));
  assert.deepEqual(last.sort(), ["node1/tunl0", "node2/tunl0"]);
});
