import wrapAnsi from "../npm/wrap_ansi.ts";
import type { TopologyLink, TopologyModel } from "./topology_model.ts";
import { fitTable } from "../render/fit_table.ts";
import type { Style } from "../render/style.ts";
import { HIDDEN_KINDS, placed, where } from "./topology_order.ts";

export interface TopologyTableOptions {
  width: number;
  style: Style;
}

const state = (l: TopologyLink | undefined) =>
  l && !["UP", "UNKNOWN"].includes(l.state) ? l.state : "";

/**
 * A big lab as tables: one per bridge (each port, the veth end behind it, that end's namespace
 * and addresses), then the interfaces on no bridge, namespace by namespace (natural order, as
 * the model has them). Fits `width`. Pure.
 */
export function topologyTable(model: TopologyModel, o: TopologyTableOptions): string {
  const s = o.style;
  const find = (ns: string | undefined, name: string) =>
    model.namespaces.find((n) => n.ns === ns)?.links.find((l) => l.name === name);
  const covered = new Set<TopologyLink>();
  const sections: string[] = [];
  const named = model.namespaces.filter((n) => n.ns !== undefined).length;
  sections.push(
    s.dim(wrapAnsi(
      `a lab of ${named} namespaces, too big to draw here: a table by bridge, then by namespace`,
      o.width,
    )),
  );

  for (const space of model.namespaces) {
    for (const { link, tree } of placed(space)) {
      if (tree || !space.links.some((p) => p.bridge === link.name)) continue;
      covered.add(link);
      const head = [`bridge ${link.name}`, `in ${where(space.ns)}`, ...link.addresses, state(link)]
        .filter(Boolean).join(" · ");
      const rows = space.links.filter((p) => p.bridge === link.name).map((port) => {
        covered.add(port);
        const far = port.peer && find(port.peer.ns, port.peer.name);
        if (far) covered.add(far);
        return [
          port.name,
          state(port),
          port.peer?.name ?? "",
          port.peer ? where(port.peer.ns) : "",
          far?.addresses.join(" ") ?? "",
        ];
      });
      const table = fitTable(
        [["port", "state", "veth peer", "peer in", "peer addresses"], ...rows],
        {
          width: o.width,
          style: s,
        },
      );
      sections.push(`${s.bold(head)}\n${table}`);
    }
  }

  const rest = model.namespaces.flatMap((space) =>
    space.links.filter((l) => !covered.has(l)).map((l) => [
      where(space.ns),
      l.name,
      HIDDEN_KINDS.has(l.kind) ? "" : l.kind,
      l.addresses.join(" "),
      state(l),
      l.peer ? `${l.peer.name} in ${where(l.peer.ns)}` : "",
    ])
  );
  if (rest.length) {
    const head = ["namespace", "interface", "kind", "addresses", "state", "veth peer"];
    const table = fitTable([head, ...rest], { width: o.width, style: s });
    sections.push(`${s.bold("interfaces on no bridge")}\n${table}`);
  }
  return sections.join("\n\n");
}
