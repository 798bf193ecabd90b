/**
 * Inspectors: run a command in the lab (quietly: the model is what a cell shows, not the JSON)
 * and return the model it parses into. The first argument names a network namespace; without
 * it, the lab's own host namespace is inspected. Commands are written as a person types them.
 */
import { $ } from "./command.ts";
import { AddressTable } from "../inspect/address_table.ts";
import { ConntrackTable } from "../inspect/conntrack_table.ts";
import { FdbTable } from "../inspect/fdb_table.ts";
import { type IptablesFilter, IptablesRuleset } from "../inspect/iptables_ruleset.ts";
import { LinkTable } from "../inspect/link_table.ts";
import { NeighbourTable } from "../inspect/neighbour_table.ts";
import { parseNetnsList } from "../inspect/netns_list.ts";
import { parseRouteGet } from "../inspect/route_lookup.ts";
import { RouteTable } from "../inspect/route_table.ts";
import { resolveVethPeers } from "../inspect/veth_peers.ts";
import { type NamespaceView, topologyDiagram } from "../inspect/topology.ts";
import type { Diagram } from "../render/diagram.ts";

function where(what: string, ns?: string): string {
  return `${what} in ${ns === undefined ? "the lab host" : `namespace ${ns}`}`;
}

async function stdout(command: ReturnType<typeof $>): Promise<string> {
  return (await command.quiet()).stdout;
}

/** The main routing table (`ip -j route show`), in the `route -n` shape. */
export async function routes(ns?: string): Promise<RouteTable> {
  const text = await stdout(ns ? $`ip -n ${ns} -j route show` : $`ip -j route show`);
  return RouteTable.parse(text, { caption: where("routes", ns) });
}

/** The routing table with the route the kernel picks for `dst` (`ip route get`) marked. */
export async function routeGet(ns: string | undefined, dst: string): Promise<RouteTable> {
  const lookup = parseRouteGet(
    await stdout(ns ? $`ip -n ${ns} -j route get ${dst}` : $`ip -j route get ${dst}`),
  );
  return (await routes(ns)).highlight(lookup);
}

/** Interfaces and their addresses (`ip -j addr show`). */
export async function addresses(ns?: string): Promise<AddressTable> {
  const text = await stdout(ns ? $`ip -n ${ns} -j addr show` : $`ip -j addr show`);
  return AddressTable.parse(text, where("addresses", ns));
}

/**
 * The links of the lab host and of every namespace `ip netns list` names (plus `ns`, if given),
 * with each veth's other end resolved across namespaces.
 */
async function allLinks(ns?: string): Promise<Map<string | undefined, LinkTable>> {
  const known = parseNetnsList(await stdout($`ip -j netns list`));
  const names = known.flatMap((e) => e.name === undefined ? [] : [e.name]);
  if (ns !== undefined && !names.includes(ns)) names.push(ns);
  const byNamespace = new Map<string | undefined, LinkTable>();
  byNamespace.set(undefined, LinkTable.parse(await stdout($`ip -j -d link show`), where("links")));
  for (const name of names) {
    const text = await stdout($`ip -n ${name} -j -d link show`);
    byNamespace.set(name, LinkTable.parse(text, where("links", name)));
  }
  const ids = new Map(known.flatMap((e) => e.name && e.id !== undefined ? [[e.id, e.name]] : []));
  return new Map(resolveVethPeers(byNamespace, new Map([[undefined, ids]])));
}

/** Interfaces with their types, bridges and, for veths, the other end across namespaces. */
export async function links(ns?: string): Promise<LinkTable> {
  return (await allLinks(ns)).get(ns)!;
}

/**
 * The whole lab as a diagram: namespaces, their interfaces and addresses, veth pairs and
 * bridge ports, read from the lab as it is now.
 */
export async function topology(): Promise<Diagram> {
  const views = new Map<string | undefined, NamespaceView>();
  for (const [ns, table] of await allLinks()) {
    const text = await stdout(ns ? $`ip -n ${ns} -j addr show` : $`ip -j addr show`);
    views.set(ns, { links: table, addresses: AddressTable.parse(text, where("addresses", ns)) });
  }
  return topologyDiagram(views);
}

/** The neighbour (ARP) table (`ip -j neigh show`). */
export async function neighbours(ns?: string): Promise<NeighbourTable> {
  const text = await stdout(ns ? $`ip -n ${ns} -j neigh show` : $`ip -j neigh show`);
  return NeighbourTable.parse(text, where("neighbours", ns));
}

/** The bridges' forwarding database (`bridge -j fdb show`). */
export async function fdb(ns?: string): Promise<FdbTable> {
  const text = await stdout(ns ? $`bridge -n ${ns} -j fdb show` : $`bridge -j fdb show`);
  return FdbTable.parse(text, where("bridge FDB", ns));
}

/** The iptables rules with their counters (`iptables-save -c`), optionally one table or chain. */
export async function iptables(ns?: string, filter: IptablesFilter = {}): Promise<IptablesRuleset> {
  const { table } = filter;
  const command = ns
    ? (table
      ? $`ip netns exec ${ns} iptables-save -c -t ${table}`
      : $`ip netns exec ${ns} iptables-save -c`)
    : (table ? $`iptables-save -c -t ${table}` : $`iptables-save -c`);
  const text = await stdout(command);
  return IptablesRuleset.parse(text, where("iptables", ns)).only(filter);
}

/** The connections conntrack follows (`conntrack -L`), with the NAT done on each. */
export async function conntrack(ns?: string): Promise<ConntrackTable> {
  const text = await stdout(ns ? $`ip netns exec ${ns} conntrack -L` : $`conntrack -L`);
  return ConntrackTable.parse(text, where("conntrack", ns));
}
