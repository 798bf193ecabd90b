import { AddressTable } from "./address_table.ts";
import { LinkTable } from "./link_table.ts";
import { parseNetnsList } from "./netns_list.ts";
import type { NamespaceView } from "./topology.ts";
import { resolveVethPeers } from "./veth_peers.ts";

/**
 * One command that reads every namespace of a lab: the lab host first, then each one
 * `ip netns list` names. For each: its links, its addresses, and the ids it gives the other
 * namespaces (asked after the links, which is when the kernel gives them).
 */
export const NAMESPACE_DUMP: string =
  `for ns in '' $(ip netns list | cut -d' ' -f1); do echo "== $ns"; ` +
  `for what in '-d link show' 'addr show' 'netns list-id'; do ` +
  `ip \${ns:+-n "$ns"} -j $what || echo '[]'; done; done`;

function where(what: string, ns?: string): string {
  return `${what} in ${ns === undefined ? "the lab host" : `namespace ${ns}`}`;
}

/** Each namespace's links (veth peers resolved across namespaces) and addresses. Pure. */
export function parseNamespaceDump(text: string): Map<string | undefined, NamespaceView> {
  const links = new Map<string | undefined, LinkTable>();
  const addresses = new Map<string | undefined, AddressTable>();
  const ids = new Map<string | undefined, Map<number, string>>();
  for (const section of text.split(/^== /m).slice(1)) {
    const [head = "", link, addr, list] = section.split("\n");
    const name = head.trim() || undefined;
    if (link === undefined || addr === undefined || list === undefined) {
      throw new SyntaxError(
        `the namespace dump stops short in ${where("the section", name)}: ` +
          "it needs a line each for links, addresses and namespace ids",
      );
    }
    if (links.has(name)) continue;
    links.set(name, LinkTable.parse(link, where("links", name)));
    addresses.set(name, AddressTable.parse(addr, where("addresses", name)));
    ids.set(
      name,
      new Map(
        parseNetnsList(list).flatMap((e) => e.name && e.id !== undefined ? [[e.id, e.name]] : []),
      ),
    );
  }
  return new Map(
    [...resolveVethPeers(links, ids)].map((
      [name, table],
    ) => [name, { links: table, addresses: addresses.get(name)! }]),
  );
}
