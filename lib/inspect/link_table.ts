import { DISPLAY, type MimeBundle } from "../render/mime.ts";
import { type Checked, parseIpJson } from "./ip_json.ts";
import { renderTable } from "./render_table.ts";

/** Where the other end of a veth is: its namespace (undefined: the lab host) and name. */
export interface VethPeer {
  ns?: string;
  name: string;
}

/** One network interface, as `ip -j -d link show` reports it. */
export interface Link {
  index: number;
  name: string;
  /** With -d: linkinfo.info_kind ("veth", "bridge", "vxlan" ...); else the link type ("ether"). */
  type: string;
  /** Operational state: "UP", "DOWN", "UNKNOWN" (lo), "LOWERLAYERDOWN" ... */
  state: string;
  flags: string[];
  mac?: string;
  mtu: number;
  /** The bridge (or bond) this interface is a port of. */
  master?: string;
  /** The peer (veth) or lower device, by name, when it is in the same namespace. */
  link?: string;
  /** The peer's ifindex when it is in another namespace (ip shows it as `eth0@if3`). */
  linkIndex?: number;
  /** That other namespace, by this namespace's id for it (`ip netns list-id`). */
  linkNetnsid?: number;
  /** The other end of a veth, once resolveVethPeers has found it. */
  peer?: VethPeer;
  /**
   * A macvlan's, ipvlan's or VLAN's parent (lower device) in another namespace, once
   * resolveVethPeers has found it (in the same namespace, `link` names it).
   */
  lower?: VethPeer;
}

/** How a namespace is named in text: "lab host" for the lab's own. */
export function nsLabel(ns: string | undefined): string {
  return ns === undefined ? "lab host" : ns;
}

/** The fields of `ip -j -d link show` read here. */
const LINK = {
  ifindex: "number",
  ifname: "string",
  linkinfo: "object?",
  link_type: "string?",
  operstate: "string?",
  flags: "strings?",
  address: "string?",
  mtu: "number",
  master: "string?",
  link: "string?",
  link_index: "number?",
  link_netnsid: "number?",
} as const;

function parseLink(l: Checked<typeof LINK>): Link {
  const info = l.linkinfo ?? undefined;
  const link: Link = {
    index: l.ifindex,
    name: l.ifname,
    type: String(info?.info_kind ?? l.link_type ?? "unknown"),
    state: l.operstate ?? "UNKNOWN",
    flags: l.flags ?? [],
    mac: l.address ?? undefined,
    mtu: l.mtu,
    master: l.master ?? undefined,
    link: l.link ?? undefined,
    linkIndex: l.link_index ?? undefined,
    linkNetnsid: l.link_netnsid ?? undefined,
  };
  for (const key of Object.keys(link) as (keyof Link)[]) {
    if (link[key] === undefined) delete link[key];
  }
  return link;
}

function peerText(l: Link): string {
  if (l.type !== "veth") return "";
  if (l.link) return l.link; // the other end is in the same namespace
  if (l.peer) return `${l.peer.name} in ${nsLabel(l.peer.ns)}`;
  if (l.linkIndex === undefined) return "";
  return `if${l.linkIndex}` + (l.linkNetnsid === undefined ? "" : ` in netnsid ${l.linkNetnsid}`);
}

/** The interfaces of one namespace, with bridge ports' bridges and veths' peers. */
export class LinkTable {
  constructor(readonly links: readonly Link[], readonly caption?: string) {}

  /** Parses `ip -j -d link show` (or `ip -j link show`, which has no types). Pure. */
  static parse(text: string, caption?: string): LinkTable {
    return new LinkTable(parseIpJson(text, "ip -j link show", LINK).map(parseLink), caption);
  }

  /** One interface by name. */
  get(name: string): Link | undefined {
    return this.links.find((l) => l.name === name);
  }

  [DISPLAY](): MimeBundle {
    return renderTable({
      className: "nb-links",
      caption: this.caption,
      head: ["Index", "Name", "Type", "State", "MAC", "MTU", "Master", "Peer"],
      right: [0, 5],
      rows: this.links.map((l) => ({
        cells: [
          String(l.index),
          l.name,
          l.type,
          l.state,
          l.mac ?? "",
          String(l.mtu),
          l.master ?? "",
          peerText(l),
        ],
      })),
      empty: "(no interfaces)",
    });
  }
}
