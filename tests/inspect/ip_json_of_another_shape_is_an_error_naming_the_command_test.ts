/**
 * Output of `ip -j` in a shape the inspectors do not read (a field renamed or retyped by a newer
 * iproute2, another command's output) is an error naming the command, the entry and the field,
 * never an "undefined" or "NaN" in a table.
 */
import assert from "node:assert/strict";
import { AddressTable } from "../../lib/inspect/address_table.ts";
import { FdbTable } from "../../lib/inspect/fdb_table.ts";
import { LinkTable } from "../../lib/inspect/link_table.ts";
import { NeighbourTable } from "../../lib/inspect/neighbour_table.ts";
import { parseRoutes } from "../../lib/inspect/route.ts";
import { parseRouteGet } from "../../lib/inspect/route_lookup.ts";

const json = (v: unknown) => JSON.stringify(v);

Deno.test("a field of another type names the command, the entry and the field", () => {
  assert.throws(
    () => AddressTable.parse(json([{ ifindex: 1, ifname: "lo", mtu: "65536" }])),
    /ip -j addr show, entry 1: "mtu" is string "65536", where netbook reads a number/,
  );
  assert.throws(
    () => LinkTable.parse(json([{ ifindex: 1, ifname: "lo", mtu: 1 }, { ifname: "eth0" }])),
    /ip -j link show, entry 2: "ifindex" is missing/,
  );
  assert.throws(
    () => parseRoutes(json([{ dst: "default", flags: "onlink" }])),
    /ip -j route show, entry 1: "flags" is string "onlink", where netbook reads a list of strings/,
  );
  assert.throws(
    () => parseRouteGet(json([{ dst: "10.0.0.1" }])),
    /ip -j route get, entry 1: "dev" is missing/,
  );
  assert.throws(() => FdbTable.parse(json([{ mac: "aa:bb:cc:dd:ee:ff" }])), /no "ifname"/);
  assert.throws(() => NeighbourTable.parse(json(["10.0.0.1"])), /entry 1 is string/);
});

Deno.test("nested objects are checked too: an address, a nexthop, a via", () => {
  const iface = { ifindex: 2, ifname: "eth0", mtu: 1500 };
  assert.throws(
    () => AddressTable.parse(json([{ ...iface, addr_info: [{ family: "inet", local: 1 }] }])),
    /ip -j addr show, entry 1, address 1: "local" is number 1/,
  );
  assert.throws(
    () => parseRoutes(json([{ dst: "default", nexthops: [{ dev: 3 }] }])),
    /ip -j route show, entry 1, nexthop 1: "dev" is number 3/,
  );
  assert.throws(
    () => parseRoutes(json([{ dst: "default", via: { family: "inet6" } }])),
    /ip -j route show, entry 1, "via": "host" is missing/,
  );
});

Deno.test("what ip leaves out or prints as null reads as absent; the router flag as set", () => {
  const [lo] = LinkTable.parse(json([{ ifindex: 1, ifname: "lo", mtu: 1, link: null }])).links;
  assert.deepEqual(lo, {
    index: 1,
    name: "lo",
    type: "unknown",
    state: "UNKNOWN",
    flags: [],
    mtu: 1,
  });
  // iproute2 prints a neighbour's router flag as a key with no value: "router": null.
  const t = NeighbourTable.parse(
    json([{
      dst: "fe80::1",
      dev: "eth0",
      lladdr: "aa:bb:cc:dd:ee:ff",
      router: null,
      state: ["STALE"],
    }]),
  );
  assert.equal(t.get("fe80::1")?.router, true);
});
