/**
 * Inspectors: run a command in the lab (quietly: the model is what a cell shows, not the JSON)
 * and return the model it parses into. The first argument names a network namespace; without
 * it, the lab's own host namespace is inspected. Commands are written as a person types them.
 */
import { quote } from "./command_line.ts";
import { readLab } from "./run_in_lab.ts";
import { AddressTable } from "../inspect/address_table.ts";
import { ConntrackTable } from "../inspect/conntrack_table.ts";
import { FdbTable } from "../inspect/fdb_table.ts";
import { type IptablesFilter, IptablesRuleset } from "../inspect/iptables_ruleset.ts";
import { LinkTable } from "../inspect/link_table.ts";
import { NeighbourTable } from "../inspect/neighbour_table.ts";
import { parseRouteGet } from "../inspect/route_lookup.ts";
import { RouteTable } from "../inspect/route_table.ts";
import { NAMESPACE_DUMP, parseNamespaceDump } from "../inspect/namespace_dump.ts";
import { type NamespaceView, topologyDiagram } from "../inspect/topology.ts";
import type { Diagram } from "../render/diagram.ts";

function where(what: string, ns?: string): string {
  return `${what} in ${ns === undefined ? "the lab host" : `namespace ${ns}`}`;
}

/** What a read printed; reads are cached within a cell (see readLab). */
async function stdout(line: string): Promise<string> {
  return (await readLab(line)).stdout;
}

/** `ip` (or another iproute2 tool) in namespace `ns`: `ip -n NS ...`, or as is in the lab host. */
function ip(ns: string | undefined, args: string, tool = "ip"): string {
  return ns === undefined ? `${tool} ${args}` : `${tool} -n ${quote(ns)} ${args}`;
}

/** `COMMAND` in namespace `ns`: `ip netns exec NS COMMAND`, or as is in the lab host. */
function exec(ns: string | undefined, command: string): string {
  return ns === undefined ? command : `ip netns exec ${quote(ns)} ${command}`;
}

/** The main routing table (`ip -j route show`), in the `route -n` shape. */
export async function routes(ns?: string): Promise<RouteTable> {
  const text = await stdout(ip(ns, "-j route show"));
  return RouteTable.parse(text, { caption: where("routes", ns) });
}

/** The routing table with the route the kernel picks for `dst` (`ip route get`) marked. */
export async function routeGet(ns: string | undefined, dst: string): Promise<RouteTable> {
  const lookup = parseRouteGet(
    await stdout(ip(ns, `-j route get ${quote(dst)}`)),
  );
  return (await routes(ns)).highlight(lookup);
}

/** Interfaces and their addresses (`ip -j addr show`). */
export async function addresses(ns?: string): Promise<AddressTable> {
  const text = await stdout(ip(ns, "-j addr show"));
  return AddressTable.parse(text, where("addresses", ns));
}

/** Each namespace's links and addresses, in one read of the whole lab. */
async function readNamespaces(): Promise<Map<string | undefined, NamespaceView>> {
  return parseNamespaceDump(await stdout(NAMESPACE_DUMP));
}

/** Interfaces with their types, bridges and, for veths, the other end across namespaces. */
export async function links(ns?: string): Promise<LinkTable> {
  const view = (await readNamespaces()).get(ns);
  if (!view) {
    throw new Error(`the lab has no network namespace ${ns} (ip netns list does not name it)`);
  }
  return view.links;
}

/**
 * The whole lab as a diagram: namespaces, their interfaces and addresses, veth pairs and
 * bridge ports, read from the lab as it is now, in one read.
 */
export async function topology(): Promise<Diagram> {
  return topologyDiagram(await readNamespaces());
}

/** The neighbour (ARP) table (`ip -j neigh show`). */
export async function neighbours(ns?: string): Promise<NeighbourTable> {
  const text = await stdout(ip(ns, "-j neigh show"));
  return NeighbourTable.parse(text, where("neighbours", ns));
}

/** The bridges' forwarding database (`bridge -j fdb show`). */
export async function fdb(ns?: string): Promise<FdbTable> {
  const text = await stdout(ip(ns, "-j fdb show", "bridge"));
  return FdbTable.parse(text, where("bridge FDB", ns));
}

/** The iptables rules with their counters (`iptables-save -c`), optionally one table or chain. */
export async function iptables(ns?: string, filter: IptablesFilter = {}): Promise<IptablesRuleset> {
  const { table } = filter;
  const text = await stdout(exec(ns, `iptables-save -c${table ? ` -t ${quote(table)}` : ""}`));
  return IptablesRuleset.parse(text, where("iptables", ns)).only(filter);
}

/** The connections conntrack follows (`conntrack -L`), with the NAT done on each. */
export async function conntrack(ns?: string): Promise<ConntrackTable> {
  const text = await stdout(exec(ns, "conntrack -L"));
  return ConntrackTable.parse(text, where("conntrack", ns));
}
