import assert from "node:assert/strict";
import { LinkTable } from "../../lib/inspect/link_table.ts";
import { parseNetnsList } from "../../lib/inspect/netns_list.ts";
import { resolveVethPeers } from "../../lib/inspect/veth_peers.ts";
import { DISPLAY } from "../../lib/render/mime.ts";
import { output } from "./lab_output.ts";
import { mimeText } from "../mime_texts.ts";

const host = LinkTable.parse(output("ip -j -d link show"));
const a = LinkTable.parse(output("ip -n a -j -d link show"));
const b = LinkTable.parse(output("ip -n b -j -d link show"));
const byNamespace = new Map([[undefined, host], ["a", a], ["b", b]]);
const hostIds = new Map(
  parseNetnsList(output("ip -j netns list")).map((e) => [e.id!, e.name!] as const),
);

Deno.test("links keep type, state, MTU, master and the raw peer numbers", () => {
  const veth = host.get("veth-a")!;
  assert.equal(veth.type, "veth");
  assert.equal(veth.state, "UP");
  assert.equal(veth.mtu, 1500);
  assert.equal(veth.master, "br0");
  assert.equal(veth.linkIndex, a.get("eth0")!.index);
  const idOfA = [...hostIds].find(([, name]) => name === "a")![0];
  assert.equal(veth.linkNetnsid, idOfA);
  assert.equal(veth.peer, undefined);
  assert.equal(host.get("br0")!.type, "bridge");
  assert.equal(host.get("lo")!.type, "loopback");
  assert.match(host.get("br0")!.mac!, /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
});

Deno.test("ip netns list gives each namespace's id as the lab host sees it", () => {
  assert.deepEqual([...hostIds.values()].sort(), ["a", "b"]);
  assert.deepEqual(parseNetnsList(output("ip -n a -j netns list-id")), [{ id: 0 }]);
});

Deno.test("a's eth0 and b's eth0 resolve to the bridge ports veth-a and veth-b in the lab host", () => {
  const resolved = resolveVethPeers(byNamespace, new Map([[undefined, hostIds]]));
  assert.deepEqual(resolved.get("a")!.get("eth0")!.peer, { ns: undefined, name: "veth-a" });
  assert.deepEqual(resolved.get("b")!.get("eth0")!.peer, { ns: undefined, name: "veth-b" });
  assert.deepEqual(resolved.get(undefined)!.get("veth-a")!.peer, { ns: "a", name: "eth0" });
  assert.deepEqual(resolved.get(undefined)!.get("veth-b")!.peer, { ns: "b", name: "eth0" });
  assert.equal(resolved.get(undefined)!.get("br0")!.peer, undefined);
  // Pure: the tables it was given are untouched.
  assert.equal(a.get("eth0")!.peer, undefined);
});

Deno.test("without namespace ids, the ends are matched in pairs by ifindex", () => {
  const resolved = resolveVethPeers(byNamespace);
  assert.deepEqual(resolved.get("a")!.get("eth0")!.peer, { ns: undefined, name: "veth-a" });
  assert.deepEqual(resolved.get(undefined)!.get("veth-b")!.peer, { ns: "b", name: "eth0" });
});

Deno.test("the resolved peer agrees with ethtool's peer_ifindex", () => {
  const peerIfindex = Number(
    /peer_ifindex: (\d+)/.exec(output("ip netns exec a ethtool -S eth0"))![1],
  );
  const peer = resolveVethPeers(byNamespace).get("a")!.get("eth0")!.peer!;
  assert.equal(host.get(peer.name)!.index, peerIfindex);
});

Deno.test("an ambiguous pair stays unresolved rather than guessed", () => {
  // A second copy of namespace a: its eth0 points at veth-a just as a's does.
  const twins = new Map([[undefined, host], ["a", a], ["a2", a], ["b", b]]);
  const paired = resolveVethPeers(twins);
  assert.equal(paired.get("a")!.get("eth0")!.peer, undefined);
  assert.equal(paired.get(undefined)!.get("veth-a")!.peer, undefined);
  assert.deepEqual(paired.get("b")!.get("eth0")!.peer, { ns: undefined, name: "veth-b" });
  // The lab host's ids settle it: veth-a's peer is in namespace a, not a2.
  const named = resolveVethPeers(twins, new Map([[undefined, hostIds]]));
  assert.deepEqual(named.get(undefined)!.get("veth-a")!.peer, { ns: "a", name: "eth0" });
  assert.deepEqual(named.get("a")!.get("eth0")!.peer, { ns: undefined, name: "veth-a" });
  assert.equal(named.get("a2")!.get("eth0")!.peer, undefined);
});

Deno.test("the Peer column names the other end and its namespace", () => {
  const resolved = resolveVethPeers(byNamespace);
  const hostText = mimeText(resolved.get(undefined)![DISPLAY]());
  assert.match(hostText, /^ +3 +veth-a +veth +UP +\S+ +1500 +br0 +eth0 in a$/m);
  assert.match(mimeText(resolved.get("a")![DISPLAY]()), / eth0 +veth .* veth-a in lab host$/m);
  // Unresolved, it shows what ip knows: the peer's ifindex and the namespace's id.
  assert.match(mimeText(host[DISPLAY]()), / veth-a .* br0 +if2 in netnsid \d$/m);
});
