import { wrapColumns } from "./wrap_columns.ts";
import type { Flowchart, FlowEdge, FlowNode, Sequence } from "./mermaid_types.ts";
import type { Style } from "./style.ts";
import { textWidth } from "./text_width.ts";

export interface OutlineOptions {
  width: number;
  style: Style;
  /** Why there is no drawing, said on the first line (e.g. "it needs 96 columns"). */
  reason: string;
}

/** One line of the outline: its lead (tree marks), the lead of its wrapped lines, its text. */
interface Entry {
  lead: string;
  more: string;
  text: string;
}

const ARROW: Record<FlowEdge["arrow"], string> = { forward: "→", both: "←→", none: "—" };

/**
 * How each node is named: the first line of its label; where nodes share it, each one's group
 * tells them apart in edges ("eth0 in netns pod"), or else a number ("pod #2", also in the tree).
 */
function nodeNames(model: Flowchart) {
  const tree = new Map<string, string>();
  const edge = new Map<string, string>();
  const first = (n: FlowNode) => n.lines[0] ?? n.id;
  const group = (id?: string) => model.groups.find((g) => g.id === id)?.label;
  const counts = new Map<string, number>();
  for (const node of model.nodes) {
    const twins = model.nodes.filter((n) => first(n) === first(node));
    const byGroup = twins.filter((n) => n.group === node.group).length === 1 && node.group;
    if (twins.length === 1 || byGroup) {
      tree.set(node.id, first(node));
      edge.set(
        node.id,
        twins.length === 1 ? first(node) : `${first(node)} in ${group(node.group)}`,
      );
    } else {
      const k = (counts.get(first(node)) ?? 0) + 1;
      counts.set(first(node), k);
      tree.set(node.id, `${first(node)} #${k}`);
      edge.set(node.id, `${first(node)} #${k}`);
    }
  }
  for (const g of model.groups) edge.set(g.id, g.label);
  return { tree, edge };
}

function flowchartEntries(model: Flowchart, s: Style): Entry[] {
  const names = nodeNames(model);
  const entries: Entry[] = [];
  const nodeText = (n: FlowNode) => [names.tree.get(n.id)!, ...n.lines.slice(1)].join(" · ");
  const walk = (parent: string | undefined, lead: string) => {
    const items = [
      ...model.nodes.filter((n) => n.group === parent).map((n) => ({ node: n, line: n.line })),
      ...model.groups.filter((g) => g.parent === parent).map((g) => ({ group: g, line: g.line })),
    ].sort((a, b) => a.line - b.line);
    items.forEach((item, i) => {
      const last = i === items.length - 1;
      const mark = parent === undefined ? "" : last ? "└─ " : "├─ ";
      const next = parent === undefined ? "" : last ? "   " : "│  ";
      if ("node" in item) {
        const bullet = parent === undefined ? "• " : "";
        entries.push({
          lead: lead + mark + bullet,
          more: lead + next + "  ",
          text: nodeText(item.node),
        });
      } else {
        entries.push({ lead: lead + mark, more: lead + next, text: s.bold(item.group.label) });
        walk(item.group.id, lead + next);
      }
    });
  };
  walk(undefined, "");
  if (model.edges.length) entries.push({ lead: "", more: "", text: "" });
  for (const e of model.edges) {
    const ends = `${names.edge.get(e.from) ?? e.from} ${ARROW[e.arrow]} ${
      names.edge.get(e.to) ?? e.to
    }`;
    entries.push({
      lead: "",
      more: "    ",
      text: e.label ? `${ends}: ${s.italic(e.label)}` : ends,
    });
  }
  return entries;
}

function sequenceEntries(model: Sequence, s: Style): Entry[] {
  const label = (id: string) => model.participants.find((p) => p.id === id)?.label ?? id;
  const entries: Entry[] = [{
    lead: "",
    more: "  ",
    text: `${s.bold("participants:")} ${model.participants.map((p) => p.label).join(", ")}`,
  }];
  let depth = "";
  for (const step of model.steps) {
    if (step.kind === "end") {
      depth = depth.slice(2);
    } else if (step.kind === "block") {
      if (step.keyword === "else" || step.keyword === "and") depth = depth.slice(2);
      entries.push({
        lead: depth,
        more: depth + "  ",
        text: s.bold(`${step.keyword} ${step.text}`),
      });
      depth += "  ";
    } else if (step.kind === "note") {
      const on = `note ${step.place} ${step.of.map(label).join(", ")}`;
      entries.push({
        lead: depth + "  ",
        more: depth + "    ",
        text: `${s.dim(on + ":")} ${step.text}`,
      });
    } else {
      const arrow = step.dashed ? "⇢" : "→";
      const text = `${label(step.from)} ${arrow} ${label(step.to)}: ${s.italic(step.text)}`;
      entries.push({ lead: depth, more: depth + "    ", text });
    }
  }
  return entries;
}

/**
 * A diagram as an indented outline, for where no faithful drawing fits: groups with the nodes
 * they hold (as a tree), then each edge with its label; or a sequence's participants, then
 * each message and note in order. Framed, with a first line saying why, and that the HTML
 * export has the drawing. Fits `width` (labels wrap at spaces). Pure.
 */
export function mermaidOutline(model: Flowchart | Sequence, o: OutlineOptions): string {
  const s = o.style;
  const entries = model.kind === "flowchart"
    ? flowchartEntries(model, s)
    : sequenceEntries(model, s);
  const gutter = s.dim("│ ");
  const head = wrapColumns(
    `outline of a diagram (${o.reason}; the HTML export has it)`,
    Math.max(10, o.width - 2),
  ).split("\n").map((l, i) => s.dim((i === 0 ? "┌ " : "│ ") + l));
  const body = entries.flatMap((e) => {
    if (!e.text) return [gutter.trimEnd()];
    const room = Math.max(10, o.width - 2 - Math.max(textWidth(e.lead), textWidth(e.more)));
    const lines = wrapColumns(e.text, room, { hard: true, trim: true }).split("\n");
    return lines.map((l, i) => gutter + (i === 0 ? s.dim(e.lead) : s.dim(e.more)) + l);
  });
  return [...head, ...body, s.dim("└")].join("\n");
}
