import {
  naturalCompare,
  type TopologyLink,
  type TopologyModel,
  type TopologyNamespace,
} from "./topology_model.ts";

/** Kinds not worth naming next to an interface: plain Ethernet, loopback. */
export const HIDDEN_KINDS = new Set(["ether", "loopback", "unknown", "none"]);

/** An interface in the order a box lists it: bridges, each followed by its ports, then the rest. */
export interface Placed {
  link: TopologyLink;
  /** "" for a top-level interface, "├─ " or "└─ " for a bridge's port. */
  tree: string;
}

/** A namespace's interfaces in the order they are listed. */
export function placed(space: TopologyNamespace): Placed[] {
  const bridges = space.links.filter((l) =>
    l.kind === "bridge" || space.links.some((p) => p.bridge === l.name)
  );
  const ports = (b: TopologyLink) => space.links.filter((l) => l.bridge === b.name);
  const out: Placed[] = [];
  for (const bridge of bridges) {
    out.push({ link: bridge, tree: "" });
    ports(bridge).forEach((link, i, all) =>
      out.push({ link, tree: i === all.length - 1 ? "└─ " : "├─ " })
    );
  }
  for (const link of space.links) {
    if (!bridges.includes(link) && !bridges.some((b) => b.name === link.bridge)) {
      out.push({ link, tree: "" });
    }
  }
  return out;
}

export const key = (ns: string | undefined, name: string) => `${ns ?? ""}\0${name}`;

/** Numbers the veth pairs in the order their first ends are listed: 1, 2, 3 ... */
export function numberPairs(model: TopologyModel): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const space of model.namespaces) {
    for (const { link } of placed(space)) {
      if (!link.peer || numbers.has(key(space.ns, link.name))) continue;
      const n = numbers.size / 2 + 1;
      numbers.set(key(space.ns, link.name), n);
      numbers.set(key(link.peer.ns, link.peer.name), n);
    }
  }
  return numbers;
}

/** Where an interface is, as text: "netns client1" or "lab host". */
export const where = (ns: string | undefined) => ns === undefined ? "lab host" : `netns ${ns}`;

/** The model in reading order: the lab host first, then namespaces and interfaces naturally. */
export function inOrder(model: TopologyModel): TopologyModel {
  const rank = (n: TopologyNamespace) => n.ns === undefined ? "" : ` ${n.ns}`;
  return {
    namespaces: [...model.namespaces].sort((a, b) => naturalCompare(rank(a), rank(b))).map((n) => ({
      ...n,
      links: [...n.links].sort((a, b) => naturalCompare(a.name, b.name)),
    })),
  };
}
