import type { AddressTable } from "./address_table.ts";
import type { LinkTable } from "./link_table.ts";
import type { ByNamespace } from "./veth_peers.ts";

/** What one namespace of the lab holds, as the inspectors read it. */
export interface NamespaceView {
  links: LinkTable;
  addresses: AddressTable;
}

/** One end of a veth: its namespace (absent: the lab host) and name. */
export interface TopologyEnd {
  ns?: string;
  name: string;
}

/** One interface as a drawing of the lab shows it. */
export interface TopologyLink {
  name: string;
  /** `ip -d link`'s kind: "veth", "bridge", "vxlan" ... or the link type ("ether", "loopback"). */
  kind: string;
  /** "UP", "DOWN", "UNKNOWN" (lo), "LOWERLAYERDOWN" ... */
  state: string;
  /** IPv4 addresses, as address/prefix. */
  addresses: string[];
  /** The bridge this interface is a port of (always in its own namespace). */
  bridge?: string;
  /** A veth's other end, when it is in the lab. */
  peer?: TopologyEnd;
  /** A macvlan's, ipvlan's or VLAN's parent device (absent `ns`: the lab host). */
  parent?: TopologyEnd;
}

export interface TopologyNamespace {
  /** Absent: the lab host. */
  ns?: string;
  links: TopologyLink[];
}

/** The lab: the host first, then the namespaces in natural order (ns2 before ns10). */
export interface TopologyModel {
  namespaces: TopologyNamespace[];
}

/** Compares names the way a person sorts them: digits by their value (ns2 before ns10). Pure. */
export function naturalCompare(a: string, b: string): number {
  const parts = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const [pa, pb] = [parts(a), parts(b)];
  for (const [i, x] of pa.entries()) {
    const y = pb[i];
    if (y === undefined) break;
    const numeric = /^\d/.test(x) && /^\d/.test(y);
    const d = numeric ? Number(x) - Number(y) || x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
    if (d !== 0) return d;
  }
  return pa.length - pb.length;
}

const isLoopback = (kind: string, name: string) => kind === "loopback" || name === "lo";

/**
 * The devices a tunnel module adds to every namespace once it is loaded (ipip's tunl0, ip_gre's
 * gre0, gretap0 and erspan0, sit0 ...): the kernel's, not the lab's, until a notebook uses one.
 */
const FALLBACK_TUNNELS = new Set([
  "tunl0",
  "gre0",
  "gretap0",
  "erspan0",
  "sit0",
  "ip6tnl0",
  "ip6gre0",
  "ip_vti0",
  "ip6_vti0",
]);
const isIdleFallback = (name: string, state: string, addresses: string[]) =>
  FALLBACK_TUNNELS.has(name) && state === "DOWN" && addresses.length === 0;

/**
 * The lab as a drawing needs it: every namespace with its interfaces (a loopback only when it
 * holds more than 127.x; a tunnel module's fallback device, such as tunl0, only once it is up
 * or has an address), their IPv4 addresses, bridge ports and veth peers (both ends know
 * each other). Pure and deterministic.
 */
export function topologyModel(views: ByNamespace<NamespaceView>): TopologyModel {
  const named = [...views.keys()].filter((ns): ns is string => ns !== undefined)
    .sort(naturalCompare);
  const order = [...(views.has(undefined) ? [undefined] : []), ...named];
  const has = (end: TopologyEnd) =>
    views.get(end.ns)?.links.links.some((l) => l.name === end.name) ?? false;

  const namespaces: TopologyNamespace[] = order.map((ns) => {
    const view = views.get(ns)!;
    const links = [...view.links.links].sort((a, b) => naturalCompare(a.name, b.name))
      .flatMap((link): TopologyLink[] => {
        const addresses = (view.addresses.get(link.name)?.addresses ?? [])
          .filter((a) => a.family === "inet")
          .map((a) => `${a.local}/${a.prefixlen}`);
        if (isLoopback(link.type, link.name) && addresses.every((a) => a.startsWith("127."))) {
          return [];
        }
        if (isIdleFallback(link.name, link.state, addresses)) return [];
        const out: TopologyLink = {
          name: link.name,
          kind: link.type,
          state: link.state,
          addresses,
        };
        if (link.master) out.bridge = link.master;
        const peer = link.type === "veth" && link.link ? { ns, name: link.link } : link.peer;
        if (peer && has(peer)) out.peer = peer.ns === undefined ? { name: peer.name } : peer;
        const lower = link.type !== "veth" && link.link ? { ns, name: link.link } : link.lower;
        if (lower && has(lower)) {
          out.parent = lower.ns === undefined
            ? { name: lower.name }
            : { ns: lower.ns, name: lower.name };
        }
        return [out];
      });
    return ns === undefined ? { links } : { ns, links };
  });

  // A peer found from one end only is still a pair: tell the other end too.
  const find = (end: TopologyEnd) =>
    namespaces.find((n) => n.ns === end.ns)?.links.find((l) => l.name === end.name);
  for (const space of namespaces) {
    for (const link of space.links) {
      const other = link.peer && find(link.peer);
      if (other && !other.peer) {
        other.peer = space.ns === undefined
          ? { name: link.name }
          : { ns: space.ns, name: link.name };
      }
    }
  }
  return { namespaces };
}
