import { Diagram } from "../render/diagram.ts";
import type { AddressTable } from "./address_table.ts";
import type { LinkTable } from "./link_table.ts";
import type { ByNamespace } from "./veth_peers.ts";

export interface NamespaceView {
  links: LinkTable;
  addresses: AddressTable;
}

const id = (ns: string | undefined, name: string) =>
  `${ns === undefined ? "host" : `ns_${ns}`}_${name}`.replace(/[^A-Za-z0-9_]/g, "_");

/**
 * Draws a lab as a mermaid flowchart: each namespace a group, each interface a node with its
 * kind and IPv4 addresses, veth pairs as solid edges, bridge ports as dotted edges to their
 * bridge. Loopback shows only when it holds more than 127.0.0.1. Pure and deterministic: the
 * same lab state gives the same text, byte for byte.
 */
export function topologyDiagram(views: ByNamespace<NamespaceView>): Diagram {
  const lines = ["flowchart LR"];
  const edges = new Set<string>();
  // The lab host first, then the namespaces by name (sort() would put undefined last).
  const named = [...views.keys()].filter((ns): ns is string => ns !== undefined).sort();
  const spaces = [...(views.has(undefined) ? [undefined] : []), ...named];
  for (const ns of spaces) {
    const view = views.get(ns)!;
    lines.push(`  subgraph ${id(ns, "")}["${ns === undefined ? "lab host" : `netns ${ns}`}"]`);
    const links = [...view.links.links].sort((a, b) => a.name.localeCompare(b.name));
    for (const link of links) {
      const v4 = (view.addresses.get(link.name)?.addresses ?? [])
        .filter((a) => a.family === "inet")
        .map((a) => `${a.local}/${a.prefixlen}`);
      if (link.type === "loopback" || link.name === "lo") {
        if (!v4.some((a) => !a.startsWith("127."))) continue;
      }
      const kind = ["veth", "bridge", "vxlan", "ipip", "dummy"].includes(link.type)
        ? ` (${link.type})`
        : "";
      const label = [`${link.name}${kind}`, ...v4, link.state === "UP" ? "" : link.state]
        .filter(Boolean).join("<br/>");
      lines.push(`    ${id(ns, link.name)}["${label}"]`);
      if (link.master) edges.add(`  ${id(ns, link.name)} -.-|port| ${id(ns, link.master)}`);
      const peer = link.link && link.type === "veth" ? { ns, name: link.link } : link.peer;
      if (peer && views.get(peer.ns)?.links.links.some((l) => l.name === peer.name)) {
        const [a, b] = [id(ns, link.name), id(peer.ns, peer.name)].sort();
        edges.add(`  ${a} ---|veth| ${b}`);
      }
    }
    lines.push("  end");
  }
  lines.push(...[...edges].sort());
  return new Diagram(lines.join("\n"));
}
