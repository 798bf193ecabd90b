import { Diagram } from "../render/diagram.ts";
import type { MimeBundle } from "../render/mime.ts";
import { topologyToTerminal } from "./topology_terminal.ts";
import {
  type NamespaceView,
  type TopologyModel,
  topologyModel,
  type TopologyNamespace,
} from "./topology_model.ts";
import type { ByNamespace } from "./veth_peers.ts";

export type { NamespaceView };

/** The MIME type carrying a topology's model, so a terminal can lay it out at its own width. */
export const TOPOLOGY_MIME = "application/vnd.netbook.topology+json";

const SHOWN_KINDS = ["veth", "bridge", "vxlan", "ipip", "dummy", "macvlan", "ipvlan", "vlan"];

const id = (ns: string | undefined, name: string) =>
  `${ns === undefined ? "host" : `ns_${ns}`}_${name}`.replace(/[^A-Za-z0-9_]/g, "_");

/**
 * The lab as a mermaid flowchart (for HTML and Jupyter): each namespace a group, each interface
 * a node with its kind and IPv4 addresses, veth pairs as solid edges, bridge ports as dotted
 * edges to their bridge.
 */
function toMermaid(model: TopologyModel): string {
  const lines = ["flowchart LR"];
  const edges = new Set<string>();
  const group = (space: TopologyNamespace) => {
    const { ns } = space;
    lines.push(`  subgraph ${id(ns, "")}["${ns === undefined ? "lab host" : `netns ${ns}`}"]`);
    for (const link of space.links) {
      const kind = SHOWN_KINDS.includes(link.kind) ? ` (${link.kind})` : "";
      const label = [
        `${link.name}${kind}`,
        ...link.addresses,
        link.state === "UP" ? "" : link.state,
      ]
        .filter(Boolean).join("<br/>");
      lines.push(`    ${id(ns, link.name)}["${label}"]`);
      if (link.bridge) edges.add(`  ${id(ns, link.name)} -.-|port| ${id(ns, link.bridge)}`);
      if (link.parent) {
        edges.add(`  ${id(ns, link.name)} -.-|parent| ${id(link.parent.ns, link.parent.name)}`);
      }
      if (link.peer) {
        const [a, b] = [id(ns, link.name), id(link.peer.ns, link.peer.name)].sort();
        edges.add(`  ${a} ---|veth| ${b}`);
      }
    }
    lines.push("  end");
  };
  model.namespaces.forEach(group);
  lines.push(...[...edges].sort());
  return lines.join("\n");
}

/**
 * A drawing of the lab. In a terminal (text/plain) it is laid out from the model itself: each
 * namespace a box holding its interfaces, bridge ports under their bridge, the two ends of each
 * veth pair numbered alike and naming each other; a big lab becomes a table grouped by bridge.
 * For HTML and Jupyter it is a mermaid flowchart (text/markdown, and SVG once attached). The
 * model travels in the bundle too, so a terminal can lay it out at its own width.
 */
export class Topology extends Diagram {
  constructor(readonly model: TopologyModel, options: { width?: number; svg?: string } = {}) {
    super(toMermaid(model), { svg: options.svg, width: options.width ?? 80 });
  }

  /** The terminal drawing, at the width given (default 80 columns). */
  override toText(width = this.width): string {
    return topologyToTerminal(this.model, { width });
  }

  override bundle(): MimeBundle {
    return { ...super.bundle(), [TOPOLOGY_MIME]: JSON.stringify(this.model) };
  }
}

/**
 * Draws a lab from what the inspectors read in each namespace (see Topology). Pure and
 * deterministic: the same lab state gives the same bundle, byte for byte.
 */
export function topologyDiagram(views: ByNamespace<NamespaceView>): Topology {
  return new Topology(topologyModel(views));
}
