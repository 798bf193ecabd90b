import { type Link, LinkTable } from "./link_table.ts";

/** Namespace name (undefined: the lab host) -> something keyed by it. */
export type ByNamespace<T> = ReadonlyMap<string | undefined, T>;

interface Entry {
  ns: string | undefined;
  link: Link;
}

/**
 * Finds the other end of every veth across namespaces, and returns the tables with `peer`
 * filled in. A veth whose peer is in the same namespace names it (`link`). One whose peer is
 * elsewhere carries the peer's ifindex (`link_index`) and the namespace's id (`link_netnsid`):
 * where `nsIds` names that id (`ip -j netns list` in the lab host does), that settles it;
 * otherwise the ends are matched in pairs, each one's ifindex being the other's link_index.
 * Ambiguous pairs stay unresolved rather than guessed. Pure.
 */
export function resolveVethPeers(
  byNamespace: ByNamespace<LinkTable>,
  nsIds: ByNamespace<ReadonlyMap<number, string>> = new Map(),
): Map<string | undefined, LinkTable> {
  const all: Entry[] = [];
  const copies = new Map<string | undefined, Link[]>();
  for (const [ns, table] of byNamespace) {
    const links = table.links.map((l) => ({ ...l }));
    copies.set(ns, links);
    for (const link of links) all.push({ ns, link });
  }
  const veths = all.filter((e) => e.link.type === "veth");
  const at = (ns: string | undefined, index: number) =>
    veths.find((e) => e.ns === ns && e.link.index === index);
  const pair = (a: Entry, b: Entry) => {
    a.link.peer = { ns: b.ns, name: b.link.name };
    if (!b.link.peer && b.link.linkIndex === a.link.index) {
      b.link.peer = { ns: a.ns, name: a.link.name };
    }
  };

  // The peer is in the same namespace, or in one whose id we can name.
  for (const e of veths) {
    const { link } = e;
    if (link.link) {
      link.peer = { ns: e.ns, name: link.link };
    } else if (link.linkIndex !== undefined && link.linkNetnsid !== undefined) {
      const name = nsIds.get(e.ns)?.get(link.linkNetnsid);
      const other = name !== undefined && byNamespace.has(name)
        ? at(name, link.linkIndex)
        : undefined;
      if (other) pair(e, other);
    }
  }
  // The rest: ends that point at each other, when neither could pair with anything else.
  const fits = (e: Entry) =>
    veths.filter((o) =>
      o.ns !== e.ns && o.link.index === e.link.linkIndex && o.link.linkIndex === e.link.index &&
      (!o.link.peer || (o.link.peer.ns === e.ns && o.link.peer.name === e.link.name))
    );
  for (const e of veths) {
    if (e.link.peer || e.link.linkIndex === undefined) continue;
    const [only, ...more] = fits(e);
    if (only && !more.length && fits(only).length === 1) pair(e, only);
  }

  // A macvlan (ipvlan, VLAN) moved into a namespace names its parent by index in another one.
  for (const e of all) {
    const { link } = e;
    if (link.type === "veth" || link.link || link.linkIndex === undefined) continue;
    if (link.linkNetnsid === undefined) continue;
    // An id that names no namespace of the lab is the lab host's, the one namespace without a
    // name (`ip netns list-id` lists names only).
    const named = nsIds.get(e.ns)?.get(link.linkNetnsid);
    const ns = named !== undefined && byNamespace.has(named) ? named : undefined;
    const parent = ns !== e.ns
      ? all.find((o) => o.ns === ns && o.link.index === link.linkIndex)
      : undefined;
    if (parent) link.lower = { ns: parent.ns, name: parent.link.name };
  }

  const out = new Map<string | undefined, LinkTable>();
  for (const [ns, table] of byNamespace) out.set(ns, new LinkTable(copies.get(ns)!, table.caption));
  return out;
}
