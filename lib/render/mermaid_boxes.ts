import type { Flowchart, FlowEdge, FlowGroup, FlowNode } from "./mermaid_types.ts";
import type { Style } from "./style.ts";
import { PLAIN } from "./plain_style.ts";
import { padText, textWidth } from "./text_width.ts";

/**
 * A flowchart of groups (namespaces, hosts) drawn as the lab's topology is drawn: each group a
 * box holding its nodes (interfaces) one per line with their details, a node's "port of" edges
 * as a tree under it (a bridge and its ports), and every other edge as a numbered mark at both
 * ends naming the far end (`═1═ veth-pod1 in netns node1`), its label said once in a legend.
 * Boxes sit side by side as far as the width allows. Every label is whole, on one line, inside
 * the boxes of its groups; an edge label in the legend. Pure.
 */
export interface BoxesOptions {
  width: number;
  style?: Style;
}

/** An edge label that makes the edge a bridge port: drawn as a tree, not as a mark. */
const PORT = /^port of$/i;

interface Mark {
  edge: number;
  text: string;
}

/** Each edge's mark: its number, and how it starts and ends by arrow and line style. */
function markGlyphs(edge: FlowEdge, n: number): { from: string; to: string } {
  const line = edge.style === "dotted" ? "┄" : edge.style === "thick" ? "━" : "─";
  if (edge.arrow === "forward") return { from: `${line}${n}→`, to: `←${n}${line}` };
  const both = edge.style === "solid" ? "═" : line;
  return { from: `${both}${n}${both}`, to: `${both}${n}${both}` };
}

/** What a box holds: the lines of its nodes and of the groups nested in it. */
type Item = { node: FlowNode; tree: string; more: string } | { group: FlowGroup };

export function boxDrawing(
  model: Flowchart,
  o: BoxesOptions,
): { art: string } | { reason: string } {
  const s = o.style ?? PLAIN;
  const width = o.width;
  if (!model.groups.length) return { reason: "no groups to draw as boxes" };
  const groupIds = new Set(model.groups.map((g) => g.id));
  if (model.edges.some((e) => groupIds.has(e.from) || groupIds.has(e.to))) {
    return { reason: "an edge ends at a group" };
  }
  const nodeById = new Map(model.nodes.map((n) => [n.id, n]));
  const groupById = new Map(model.groups.map((g) => [g.id, g]));
  const first = (n: FlowNode) => n.lines[0] ?? n.id;

  // Port edges: both ends in one group, labelled "port of": the port goes under its bridge.
  const parentOf = new Map<string, string>();
  const tree = new Set<number>();
  model.edges.forEach((e, i) => {
    const a = nodeById.get(e.from), b = nodeById.get(e.to);
    if (!a || !b || a.group !== b.group || !PORT.test(e.label ?? "")) return;
    if (parentOf.has(a.id) || wouldLoop(parentOf, a.id, b.id)) return;
    parentOf.set(a.id, b.id);
    tree.add(i);
  });

  // The other edges get numbers, grouped by label (the first label first), so that the legend
  // says each label once.
  const marked = model.edges.map((e, i) => ({ e, i })).filter(({ i }) => !tree.has(i));
  const labels = [...new Set(marked.map(({ e }) => e.label ?? ""))];
  marked.sort((x, y) =>
    labels.indexOf(x.e.label ?? "") - labels.indexOf(y.e.label ?? "") || x.i - y.i
  );
  const number = new Map(marked.map(({ i }, k) => [i, k + 1]));

  // Two nodes of one name are told apart by their group ("eth0 in netns pod1").
  const farName = (from: FlowNode, to: FlowNode) => {
    const twins = model.nodes.filter((n) => first(n) === first(to)).length > 1;
    const label = to.group !== undefined ? groupById.get(to.group)?.label : undefined;
    // A group's name without its gloss: "netns node1 (BIRD, AS 64512)" is "netns node1".
    const group = label?.replace(/\s*\(.*\)\s*$/, "").replace(/:.*$/, "") || label;
    return twins && to.group !== from.group && group ? `${first(to)} in ${group}` : first(to);
  };
  const marks = new Map<string, Mark[]>();
  const addMark = (id: string, m: Mark) => marks.set(id, [...marks.get(id) ?? [], m]);
  for (const { e, i } of marked) {
    const n = number.get(i)!;
    const a = nodeById.get(e.from), b = nodeById.get(e.to);
    if (!a || !b) return { reason: "an edge to an unknown node" };
    const glyphs = markGlyphs(e, n);
    addMark(a.id, { edge: n, text: `${s.cyan(glyphs.from)} ${farName(a, b)}` });
    if (a !== b) addMark(b.id, { edge: n, text: `${s.cyan(glyphs.to)} ${farName(b, a)}` });
  }

  // What each box lists, in the author's order: nodes (ports under their bridge), nested groups.
  const items = (group: string | undefined): Item[] => {
    const out: Item[] = [];
    const children = (id: string) =>
      model.nodes.filter((n) => parentOf.get(n.id) === id).sort((a, b) => a.line - b.line);
    const place = (node: FlowNode, tree: string, more: string) => {
      out.push({ node, tree, more });
      const kids = children(node.id);
      kids.forEach((kid, k) => {
        const last = k === kids.length - 1;
        place(kid, more + (last ? "└─ " : "├─ "), more + (last ? "   " : "│  "));
      });
    };
    const top = [
      ...model.nodes.filter((n) => n.group === group && !parentOf.has(n.id)),
      ...model.groups.filter((g) => g.parent === group),
    ].sort((a, b) => a.line - b.line);
    for (const x of top) {
      if ("lines" in x) place(x, "", "");
      else out.push({ group: x });
    }
    return out;
  };

  /** A node's lines for a box of `room` columns: label and details, then its marks. */
  const nodeLines = (node: FlowNode, tree: string, more: string, room: number) => {
    const left = [s.bold(first(node)), ...node.lines.slice(1)];
    const right = (marks.get(node.id) ?? []).map((m) => m.text);
    return pack([...left, ...right], left.length, room, tree, more, s);
  };

  /** What a box holds at `inner` columns, unframed; undefined when a word cannot fit. */
  const content = (list: Item[], inner: number): string[] | undefined => {
    // Where every node fits on one line, the marks line up in one column.
    const nodes = list.filter((i): i is Extract<Item, { node: FlowNode }> => "node" in i);
    const lefts = nodes.map((i) =>
      i.tree + [s.bold(first(i.node)), ...i.node.lines.slice(1)].join("  ")
    );
    const rights = nodes.map((i) => (marks.get(i.node.id) ?? []).map((m) => m.text).join("  "));
    const column = Math.max(0, ...lefts.map((l, k) => rights[k] ? textWidth(l) : 0));
    const aligned = nodes.length === list.length &&
      lefts.every((l, k) =>
        textWidth(l) <= inner && (!rights[k] || column + 3 + textWidth(rights[k]) <= inner)
      );
    if (aligned) {
      return lefts.map((l, k) => {
        const m = /^([│├└─ ]*)(.*)$/s.exec(l)!;
        const left = s.dim(m[1]) + m[2];
        return rights[k] ? padText(left, column) + "   " + rights[k] : left;
      });
    }
    const lines: string[] = [];
    for (const item of list) {
      if ("node" in item) {
        const l = nodeLines(item.node, item.tree, item.more, inner);
        if (!l) return undefined;
        lines.push(...l);
      } else {
        const nested = natural(item.group.label, items(item.group.id), inner - 4);
        if (!nested) return undefined;
        lines.push(...nested);
      }
    }
    return lines;
  };

  /** The narrowest a box can be: its widest label, mark or title. */
  const least = (title: string | undefined, list: Item[]): number => {
    let w = title ? textWidth(title) + 4 : 1;
    for (const item of list) {
      if ("node" in item) {
        const words = [first(item.node), ...item.node.lines.slice(1)]
          .concat((marks.get(item.node.id) ?? []).map((m) => m.text));
        w = Math.max(w, ...words.map((x) => textWidth(x) + textWidth(item.more) + 2));
      } else {
        w = Math.max(w, least(item.group.label, items(item.group.id)) + 4);
      }
    }
    return w;
  };

  /** A framed box as wide as it needs, but no wider than `cap` inside. */
  const natural = (title: string | undefined, list: Item[], cap: number): string[] | undefined => {
    const lines = content(list, cap);
    if (!lines) return undefined;
    const inner = Math.max(1, title ? textWidth(title) + 2 : 1, ...lines.map(textWidth));
    if (inner > cap) return undefined;
    return frame(title, lines, inner, s);
  };

  // The boxes: each top-level group, and each node that is in no group.
  const units: { title?: string; list: Item[]; line: number }[] = [
    ...model.groups.filter((g) => g.parent === undefined)
      .map((g) => ({ title: g.label, list: items(g.id), line: g.line })),
    ...model.nodes.filter((n) => n.group === undefined && !parentOf.has(n.id))
      .map((n) => ({ list: [{ node: n, tree: "", more: "" } as Item], line: n.line })),
  ].sort((a, b) => a.line - b.line);

  if (units.some((u) => least(u.title, u.list) + 4 > width)) {
    return { reason: `a label or mark is too wide for ${width} columns` };
  }
  // Rows of boxes, as many side by side as fit, each at its natural width if it can.
  const drawn = units.map((u) => natural(u.title, u.list, width - 4));
  if (drawn.some((d) => !d)) return { reason: `it does not fit ${width} columns` };
  const boxes = drawn as string[][];
  const out: string[] = [];
  let row: string[][] = [];
  const flush = () => {
    if (!row.length) return;
    const height = Math.max(...row.map((b) => b.length));
    const padded = row.map((b) => {
      const w = textWidth(b[0] ?? "");
      const blank = `│${" ".repeat(w - 2)}│`;
      return [...b.slice(0, -1), ...Array(height - b.length).fill(s.dim(blank)), b.at(-1)!];
    });
    for (let k = 0; k < height; k++) out.push(padded.map((b) => b[k]).join(" ").trimEnd());
    row = [];
  };
  for (const box of boxes) {
    const used = row.reduce((n, b) => n + textWidth(b[0] ?? "") + 1, 0);
    if (row.length && used + textWidth(box[0] ?? "") > width) flush();
    row.push(box);
  }
  flush();

  // The legend: each label once, with the numbers of its edges.
  const legend: string[] = [];
  for (const label of labels) {
    const ns = marked.filter(({ e }) => (e.label ?? "") === label).map(({ i }) => number.get(i)!);
    if (!label) continue;
    const glyph = (n: number) => {
      const { e } = marked.find(({ i }) => number.get(i) === n)!;
      return markGlyphs(e, n).from;
    };
    const [first] = ns, last = ns.at(-1);
    const range = first !== undefined && last !== undefined && ns.length > 2 &&
        last - first === ns.length - 1
      ? `${glyph(first)}…${glyph(last)}`
      : ns.map(glyph).join(" ");
    legend.push(`${range} ${label}`);
  }
  if (tree.size) legend.push("├─ a port of the node above it");
  if (legend.length) {
    const words = legend.map((l, i) => (i < legend.length - 1 ? l + ";" : l));
    out.push(...pack(words, words.length, width, "", "", s, " ")!.map((l) => s.dim(l)));
  }
  return { art: out.join("\n") };
}

function wouldLoop(parentOf: Map<string, string>, child: string, parent: string): boolean {
  for (let p: string | undefined = parent; p !== undefined; p = parentOf.get(p)) {
    if (p === child) return true;
  }
  return false;
}

/**
 * Words packed into lines of `room` columns: the first `lead` words (a label and its details)
 * two spaces apart, then the marks; later lines start with `more` and two spaces. A word never
 * breaks; undefined when one is too wide.
 */
function pack(
  words: string[],
  lead: number,
  room: number,
  tree: string,
  more: string,
  s: Style,
  gap = "  ",
): string[] | undefined {
  const lines: string[] = [];
  let line = "";
  for (const [i, word] of words.entries()) {
    const start = lines.length ? more + "  " : tree;
    if (textWidth(start) + textWidth(word) > room) return undefined;
    const sep = i === lead && line ? "   " : gap;
    if (line && textWidth(start + line + sep + word) > room) {
      lines.push(start + line);
      line = word;
    } else {
      line = line ? line + sep + word : word;
    }
  }
  lines.push((lines.length ? more + "  " : tree) + line);
  return lines.map((l) => {
    const m = /^([│├└─ ]*)(.*)$/s.exec(l)!;
    return s.dim(m[1]) + m[2];
  });
}

/** Lines framed in a box `inner` columns wide, with the title in its top border. */
function frame(title: string | undefined, lines: string[], inner: number, s: Style): string[] {
  const head = title
    ? `${s.dim("┌─ ")}${s.bold(title)}${
      s.dim(` ${"─".repeat(Math.max(1, inner - textWidth(title) - 1))}┐`)
    }`
    : s.dim(`┌${"─".repeat(inner + 2)}┐`);
  return [
    head,
    ...lines.map((l) => `${s.dim("│")} ${padText(l, inner)} ${s.dim("│")}`),
    s.dim(`└${"─".repeat(inner + 2)}┘`),
  ];
}
