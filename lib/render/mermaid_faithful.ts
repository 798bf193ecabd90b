import { attachments, type Box, contains, findBoxes, ownText, toGrid } from "./ascii_boxes.ts";
import { lineNets } from "./ascii_lines.ts";
import type { Flowchart, FlowEdge, Sequence } from "./mermaid_types.ts";
import { hasWide } from "./text_width.ts";

/** A label as it may appear on a drawn line: its spaces may be drawn as the line itself. */
function onLine(label: string): RegExp {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(escaped.replace(/ /g, "[ ─│]"), "g");
}

function count(art: string, label: string): number {
  return art.split("\n").reduce((n, row) => n + (row.match(onLine(label))?.length ?? 0), 0);
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Edge and message labels: each must appear whole, once for every edge that carries it. */
function labelProblems(art: string, labels: string[]): string[] {
  const needed = new Map<string, number>();
  for (const l of labels) needed.set(l, (needed.get(l) ?? 0) + 1);
  return [...needed].flatMap(([label, n]) =>
    count(art, label) >= n ? [] : [`the label "${label}" is cut, overwritten or missing`]
  );
}

function flowchartProblems(model: Flowchart, art: string): string[] {
  const grid = toGrid(art);
  const boxes = findBoxes(grid);
  const free = new Set(boxes);
  const text = new Map(boxes.map((b) => [b, ownText(grid, b, boxes)]));
  const problems: string[] = [];
  const take = (fits: (b: Box) => boolean) => {
    const box = [...free].find(fits);
    if (box) free.delete(box);
    return box;
  };

  const nodeBox = new Map<string, Box>();
  for (const node of model.nodes) {
    const box = take((b) => !boxes.some((o) => contains(b, o)) && same(text.get(b)!, node.lines));
    if (box) nodeBox.set(node.id, box);
    else problems.push(`the node "${node.lines.join(" ")}" is not drawn whole in a box of its own`);
  }
  const groupBox = new Map<string, Box>();
  for (const group of model.groups) {
    const box = take((b) => text.get(b)![0] === group.label);
    if (box) groupBox.set(group.id, box);
    else problems.push(`the group "${group.label}" is not drawn whole around its nodes`);
  }
  for (const b of free) {
    problems.push(`a box that is no node or group: "${text.get(b)!.join(" ")}"`);
  }

  // Every node and group inside the boxes of the groups that hold it, and no others.
  const parent = new Map(model.groups.map((g) => [g.id, g.parent]));
  const holders = (group: string | undefined) => {
    const chain: string[] = [];
    for (let g = group; g !== undefined; g = parent.get(g)) chain.push(g);
    return chain;
  };
  const place = (what: string, box: Box, holding: string[]) => {
    for (const [id, around] of groupBox) {
      if (around === box) continue;
      const label = model.groups.find((g) => g.id === id)!.label;
      const inside = contains(around, box);
      if (holding.includes(id) && !inside) problems.push(`${what} is drawn outside "${label}"`);
      if (!holding.includes(id) && inside) problems.push(`${what} is drawn inside "${label}"`);
    }
  };
  for (const node of model.nodes) {
    const box = nodeBox.get(node.id);
    if (box) place(`the node "${node.lines.join(" ")}"`, box, holders(node.group));
  }
  for (const group of model.groups) {
    const box = groupBox.get(group.id);
    if (box) place(`the group "${group.label}"`, box, holders(group.parent));
  }

  const ends = new Set(model.edges.flatMap((e) => [e.from, e.to]));
  for (const id of ends) {
    const box = nodeBox.get(id) ?? groupBox.get(id);
    if (box && attachments(grid, box) === 0) problems.push(`no edge is drawn to "${id}"`);
  }
  if (!problems.length) {
    problems.push(...edgeProblems(model, grid, nodeBox, [...groupBox.values()]));
  }
  return [...problems, ...labelProblems(art, model.edges.flatMap((e) => e.label ?? []))];
}

/**
 * Each edge followed along its line: its line leaves the source's box and ends in an arrowhead
 * into the target's box (or against it, for an edge without arrowheads); and no line leads from
 * one box into another's arrowhead (or against its border) unless the diagram has that edge. A
 * line that joins another (lines merge where they share a way) leads wherever either goes.
 */
function edgeProblems(
  model: Flowchart,
  grid: string[][],
  nodeBox: Map<string, Box>,
  frames: Box[],
): string[] {
  const nameOf = new Map(
    model.nodes.flatMap((n) => {
      const box = nodeBox.get(n.id);
      return box ? [[box, n.lines.join(" ")] as const] : [];
    }),
  );
  const nets = lineNets(grid, [...nodeBox.values()], frames);
  const between = (a: string, b: string) =>
    model.edges.filter((e) => (e.from === a && e.to === b) || (e.from === b && e.to === a));
  const headAt = (e: FlowEdge, id: string) =>
    e.arrow === "both" || (e.arrow === "forward" && e.to === id);
  const problems: string[] = [];

  for (const e of model.edges) {
    const from = nodeBox.get(e.from), to = nodeBox.get(e.to);
    if (!from || !to || from === to) continue;
    const drawn = nets.some((net) => {
      const a = net.get(from), b = net.get(to);
      if (!a || !b) return false;
      if (e.arrow === "none") return true;
      return b.has("arrives") || (e.arrow === "both" && a.has("arrives"));
    });
    if (!drawn) {
      const label = e.label ? ` "${e.label}"` : "";
      problems.push(
        `the edge${label} from "${nameOf.get(from)}" does not lead to "${nameOf.get(to)}"`,
      );
    }
  }

  const ids = new Map([...nodeBox].map(([id, box]) => [box, id]));
  const wrong = new Set<string>();
  for (const net of nets) {
    for (const [a, aWays] of net) {
      if (!aWays.has("leaves") && !aWays.has("touches")) continue;
      for (const [b, bWays] of net) {
        if (a === b) continue;
        const x = ids.get(a)!, y = ids.get(b)!;
        const edges = between(x, y);
        const ok = (bWays.has("arrives") && edges.some((e) => headAt(e, y))) ||
          (bWays.has("touches") && edges.length > 0);
        if (!ok && (bWays.has("arrives") || bWays.has("touches"))) {
          wrong.add(
            `a line from "${nameOf.get(a)}" leads to "${nameOf.get(b)}", with no such edge`,
          );
        }
      }
    }
  }
  return [...problems, ...wrong];
}

function sequenceProblems(model: Sequence, art: string): string[] {
  const grid = toGrid(art);
  const boxes = findBoxes(grid);
  const free = new Set(boxes);
  const problems: string[] = [];
  const claim = (lines: string[], what: string) => {
    const fits = boxes.filter((b) => same(ownText(grid, b, boxes), lines));
    if (fits.length === 0) problems.push(`${what} "${lines.join(" ")}" is not drawn whole`);
    for (const b of fits) free.delete(b);
  };
  for (const p of model.participants) claim([p.label], "the participant");
  for (const step of model.steps) if (step.kind === "note") claim([step.text], "the note");
  for (const b of free) {
    problems.push(`a box that is no participant or note: "${ownText(grid, b, boxes).join(" ")}"`);
  }
  const labels = model.steps.flatMap((s) =>
    s.kind === "message" && s.text ? [s.text] : s.kind === "block" && s.text ? [s.text] : []
  );
  return [...problems, ...labelProblems(art, labels)];
}

/**
 * What is wrong with a drawing of a diagram: a node, group, participant or note not whole in
 * its own box, a node outside its group's box (or inside another's), a box that stands for
 * nothing (a group used as an edge end drawn as a node), a label cut, missing or overwritten, an
 * edge whose line does not end in an arrowhead into its target's box, a line that leads from a
 * box into the arrowhead of one its node has no edge to (see ascii_lines.ts).
 * An empty list means the drawing is faithful. Pure.
 */
export function drawingProblems(model: Flowchart | Sequence, art: string): string[] {
  const labels = model.kind === "flowchart"
    ? [...model.nodes.flatMap((n) => n.lines), ...model.groups.map((g) => g.label)]
    : model.participants.map((p) => p.label);
  if (labels.some(hasWide)) return ["its labels hold wide characters, which the drawing misplaces"];
  return model.kind === "flowchart" ? flowchartProblems(model, art) : sequenceProblems(model, art);
}
