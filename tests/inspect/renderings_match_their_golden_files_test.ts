/**
 * Every model's text/plain and text/html, rendered from the real recording, compared with
 * tests/inspect/golden/. The golden files are written by the renderers, never by hand:
 * `UPDATE_GOLDEN=1 deno test -A tests/inspect` (after re-recording inspect_lab.md, or after an
 * intended change to a renderer), then read the diff.
 */
import assert from "node:assert/strict";
import { AddressTable } from "../../lib/inspect/address_table.ts";
import { ConntrackTable } from "../../lib/inspect/conntrack_table.ts";
import { FdbTable } from "../../lib/inspect/fdb_table.ts";
import { IptablesRuleset } from "../../lib/inspect/iptables_ruleset.ts";
import { LinkTable } from "../../lib/inspect/link_table.ts";
import { NeighbourTable } from "../../lib/inspect/neighbour_table.ts";
import { parseRouteGet } from "../../lib/inspect/route_lookup.ts";
import { RouteTable } from "../../lib/inspect/route_table.ts";
import { resolveVethPeers } from "../../lib/inspect/veth_peers.ts";
import { DISPLAY, type Displayable } from "../../lib/render/mime.ts";
import { assertGolden } from "./golden.ts";
import { output } from "./lab_output.ts";
import { mimeText } from "../mime_texts.ts";

const links = resolveVethPeers(
  new Map([
    [undefined, LinkTable.parse(output("ip -j -d link show"), "links in the lab host")],
    ["a", LinkTable.parse(output("ip -n a -j -d link show"), "links in namespace a")],
    ["b", LinkTable.parse(output("ip -n b -j -d link show"), "links in namespace b")],
  ]),
);

const models: Record<string, Displayable> = {
  routes_a_get: RouteTable.parse(output("ip -n a -j route show"), {
    caption: "routes in namespace a",
  })
    .highlight(parseRouteGet(output("ip -n a -j route get 192.168.2.12"))),
  routes_host_table_all: RouteTable.parse(output("ip -j route show table all"))
    .highlight(parseRouteGet(output("ip -j route get 192.168.1.1"))),
  addresses_host: AddressTable.parse(output("ip -j addr show"), "addresses in the lab host"),
  links_host: links.get(undefined)!,
  links_a: links.get("a")!,
  neighbours_host: NeighbourTable.parse(output("ip -j neigh show"), "neighbours in the lab host"),
  fdb_host: FdbTable.parse(output("bridge -j fdb show"), "bridge FDB in the lab host"),
  iptables_host: IptablesRuleset.parse(output("iptables-save -c"), "iptables in the lab host"),
  conntrack_host: ConntrackTable.parse(output("conntrack -L"), "conntrack in the lab host"),
};

for (const [name, model] of Object.entries(models)) {
  Deno.test(`${name} renders as its golden text and HTML`, async () => {
    const bundle = model[DISPLAY]();
    await assertGolden(`${name}.txt`, mimeText(bundle));
    await assertGolden(`${name}.html`, mimeText(bundle, "text/html"));
  });
}

Deno.test("rendering is deterministic: the same model renders the same bundle twice", () => {
  for (const model of Object.values(models)) assert.deepEqual(model[DISPLAY](), model[DISPLAY]());
});

Deno.test("the HTML is one nb-table per table, with every value escaped", () => {
  for (const [name, model] of Object.entries(models)) {
    const html = mimeText(model[DISPLAY](), "text/html");
    assert.match(html, /<table class="nb-table nb-[a-z]+"[^>]*>/, name);
    assert.ok(!/<t[dh][^>]*>[^<]*[">][^<]*<\/t[dh]>/.test(html), name);
  }
});
