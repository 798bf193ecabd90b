import assert from "node:assert/strict";
import { AddressTable } from "../../lib/inspect/address_table.ts";
import { FdbTable } from "../../lib/inspect/fdb_table.ts";
import { LinkTable } from "../../lib/inspect/link_table.ts";
import { NeighbourTable } from "../../lib/inspect/neighbour_table.ts";
import { DISPLAY } from "../../lib/render/mime.ts";
import { output } from "./lab_output.ts";
import { mimeText } from "../mime_texts.ts";

const macOf = (ns: "a" | "b", name: string) =>
  LinkTable.parse(output(`ip -n ${ns} -j -d link show`)).get(name)!.mac!;
const br0Mac = AddressTable.parse(output("ip -j addr show")).get("br0")!.mac!;

Deno.test("a's neighbour table maps the gateway 192.168.1.1 to br0's MAC", () => {
  const a = NeighbourTable.parse(output("ip -n a -j neigh show"));
  const gw = a.get("192.168.1.1")!;
  assert.equal(gw.dev, "eth0");
  assert.equal(gw.lladdr, br0Mac);
  assert.equal(gw.state.length, 1);
  assert.match(gw.state[0] ?? "", /^(REACHABLE|STALE|DELAY|PROBE)$/);
});

Deno.test("the lab host's neighbour table has a and b at the MACs of their eth0", () => {
  const host = NeighbourTable.parse(output("ip -j neigh show"));
  assert.equal(host.get("192.168.1.11")!.lladdr, macOf("a", "eth0"));
  assert.equal(host.get("192.168.2.12")!.lladdr, macOf("b", "eth0"));
  const text = mimeText(host[DISPLAY]());
  assert.deepEqual(text.split("\n")[0]?.split(/\s+/), ["Address", "Iface", "MAC", "State"]);
  assert.match(text, new RegExp(`^192\\.168\\.2\\.12 +br0 +${macOf("b", "eth0")} +[A-Z]+$`, "m"));
});

Deno.test("the bridge learned a's MAC behind veth-a and b's behind veth-b", () => {
  const fdb = FdbTable.parse(output("bridge -j fdb show"));
  assert.deepEqual(fdb.find(macOf("a", "eth0")), [
    { mac: macOf("a", "eth0"), dev: "veth-a", master: "br0", state: "", flags: [] },
  ]);
  const learned = fdb.learned();
  assert.deepEqual(
    learned.entries.map((e) => [e.dev, e.mac]).sort(),
    [["veth-a", macOf("a", "eth0")], ["veth-b", macOf("b", "eth0")]],
  );
  const multicast = fdb.entries.find((e) => e.mac === "33:33:00:00:00:01" && e.dev === "br0")!;
  assert.deepEqual([multicast.state, multicast.flags], ["permanent", ["self"]]);
});

Deno.test("the FDB shows dynamic entries as such and leaves out columns nothing uses", () => {
  const text = mimeText(FdbTable.parse(output("bridge -j fdb show")).learned()[DISPLAY]());
  const lines = text.split("\n");
  assert.deepEqual(lines[0]?.split(/\s+/), ["MAC", "Port", "Master", "State", "Flags"]);
  assert.match(lines[1] ?? "", /^\S+ +veth-a +br0 +dynamic$/);
  const inA = FdbTable.parse(output("bridge -n a -j fdb show"));
  assert.ok(inA.entries.length > 0 && inA.entries.every((e) => e.dev === "eth0" && !e.master));
  assert.deepEqual(inA.learned().entries, []);
  assert.equal(inA.learned()[DISPLAY]()["text/plain"], "(no entries)");
});
