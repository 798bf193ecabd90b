/**
 * The faithfulness rules, checked on terminal text the way a reader would: found from the text
 * outwards (find a label, then walk to the box around it), independently of how the renderer
 * checks its own drawings. Each function returns what is wrong; an empty list is a pass.
 */
import { stripVTControlCharacters } from "node:util";
import type { Flowchart, Sequence } from "../../lib/render/mermaid_types.ts";
import { textWidth } from "../../lib/render/text_width.ts";

export interface Region {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const VERTICAL = "│├┤┼◄►┆";
const CROSS_DOWN = "│├┤┼─◄►┬┴┆";
const CROSS_ALONG = "─┬┴┼├┤▲▼│┆";

/** Lines wider than `width` columns. */
export function tooWide(text: string, width: number): string[] {
  return text.split("\n").filter((l) => textWidth(l) > width)
    .map((l) => `a line of ${textWidth(l)} columns: ${l.slice(0, 60)}`);
}

const grid = (text: string) => stripVTControlCharacters(text).split("\n").map((l) => [...l]);

/** The box drawn around (row, col): left to its border, up to its corner, round to the others. */
export function boxAround(text: string, row: number, col: number): Region | undefined {
  const g = grid(text);
  const at = (r: number, c: number) => g[r]?.[c] ?? " ";
  let left = col;
  while (left >= 0 && !VERTICAL.includes(at(row, left))) left--;
  if (left < 0) return undefined;
  let top = row;
  while (top >= 0 && CROSS_DOWN.includes(at(top, left))) top--;
  // Square corners, or rounded ones (a cylinder node, `[( )]`).
  if (!"┌╭".includes(at(top, left))) return undefined;
  let right = left + 1;
  while (CROSS_ALONG.includes(at(top, right))) right++;
  if (!"┐╮".includes(at(top, right))) return undefined;
  let bottom = top + 1;
  while (CROSS_DOWN.includes(at(bottom, right))) bottom++;
  if (!"┘╯".includes(at(bottom, right)) || !"└╰".includes(at(bottom, left))) return undefined;
  return row > top && row < bottom && col > left && col < right
    ? { top, left, bottom, right }
    : undefined;
}

export const within = (outer: Region, inner: Region) =>
  outer !== inner && inner.top > outer.top && inner.bottom < outer.bottom &&
  inner.left > outer.left && inner.right < outer.right;

/** Every place a text starts at: [row, column]. */
export function positions(text: string, needle: string): [number, number][] {
  const found: [number, number][] = [];
  grid(text).forEach((row, r) => {
    const line = row.join("");
    for (let i = line.indexOf(needle); i >= 0; i = line.indexOf(needle, i + 1)) {
      found.push([r, [...line.slice(0, i)].length]);
    }
  });
  return found;
}

/** The non-blank rows inside a region, trimmed. */
function rowsIn(text: string, b: Region): string[] {
  return grid(text).slice(b.top + 1, b.bottom).map((r) =>
    r.slice(b.left + 1, b.right).join("").trim()
  )
    .filter(Boolean);
}

/** A label may be drawn on a line, its spaces as the line itself. */
const onLine = (label: string) =>
  new RegExp(label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "[ ─│]"));

/**
 * A drawing of a flowchart: each node's label whole, alone in a box, that box inside the box of
 * each group holding the node and of no other group; each group's label whole at the top of its
 * box; each edge label whole.
 */
export function artProblems(model: Flowchart, art: string): string[] {
  const problems: string[] = [];
  const key = (b: Region) => `${b.top},${b.left}`;
  const taken = new Set<string>();
  const boxOf = (lines: string[], exact: boolean) => {
    const box = positions(art, lines[0] ?? "").map(([r, c]) => boxAround(art, r, c)).find((b) =>
      b && !taken.has(key(b)) &&
      (exact ? rowsIn(art, b).join("\n") === lines.join("\n") : rowsIn(art, b)[0] === lines[0])
    );
    if (box) taken.add(key(box));
    return box;
  };
  const parents = (id: string | undefined) => {
    const chain: string[] = [];
    for (let g = id; g; g = model.groups.find((x) => x.id === g)?.parent) chain.push(g);
    return chain;
  };
  const nodeBox = new Map(model.nodes.map((n) => [n.id, boxOf(n.lines, true)]));
  const groupBox = new Map(model.groups.map((g) => [g.id, boxOf([g.label], false)]));
  for (const g of model.groups) {
    if (!groupBox.get(g.id)) problems.push(`group "${g.label}" not whole in a box`);
  }
  for (const node of model.nodes) {
    const box = nodeBox.get(node.id);
    if (!box) {
      problems.push(`node "${node.lines.join(" / ")}" not whole, alone in a box`);
      continue;
    }
    const holders = parents(node.group);
    for (const [id, around] of groupBox) {
      if (!around) continue;
      if (holders.includes(id) !== within(around, box)) {
        problems.push(
          `node "${node.lines[0]}" ${holders.includes(id) ? "outside" : "inside"} "${id}"`,
        );
      }
    }
  }
  // Every box stands for a node or a group: no group used as an edge end drawn as a node.
  for (const [r, c] of [...positions(art, "┌"), ...positions(art, "╭")]) {
    const box = boxAround(art, r + 1, c + 1);
    if (box && !taken.has(key(box))) {
      problems.push(`a box that is no node or group: "${rowsIn(art, box).join(" ")}"`);
    }
  }
  for (const e of model.edges) {
    if (e.label && !onLine(e.label).test(stripVTControlCharacters(art))) {
      problems.push(`edge label "${e.label}" missing or cut`);
    }
  }
  return problems;
}

/** A drawing of a sequence: every participant, message and note text whole. */
export function sequenceProblems(model: Sequence, art: string): string[] {
  const texts = [
    ...model.participants.map((p) => p.label),
    ...model.steps.flatMap((s) => s.kind === "message" || s.kind === "note" ? [s.text] : []),
  ];
  return texts.filter((t) => !onLine(t).test(stripVTControlCharacters(art)))
    .map((t) => `"${t}" missing or cut`);
}

/**
 * An outline: every group, node and edge label whole once its wrapped lines are joined; each
 * node listed after its group's line and indented under it; a first line pointing to the HTML.
 */
export function outlineProblems(model: Flowchart | Sequence, text: string): string[] {
  const plain = stripVTControlCharacters(text);
  const problems = /the HTML export has it/.test(plain.replace(/\n[│ ]+/g, " "))
    ? []
    : ["no note that the HTML export has the drawing"];
  const joined = plain.split("\n").map((l) => l.replace(/^[┌│└]\s?/, "").replace(/^[│├└─•\s]+/, ""))
    .join(" ").replace(/\s+/g, " ");
  const labels = model.kind === "flowchart"
    ? [
      ...model.groups.map((g) => g.label),
      ...model.nodes.flatMap((n) => n.lines),
      ...model.edges.flatMap((e) => e.label ?? []),
    ]
    : [
      ...model.participants.map((p) => p.label),
      ...model.steps.flatMap((s) => s.kind === "message" || s.kind === "note" ? [s.text] : []),
    ];
  for (const l of labels) {
    if (!joined.includes(l.replace(/\s+/g, " "))) problems.push(`"${l}" not in the outline`);
  }
  if (model.kind === "flowchart") {
    const lines = plain.split("\n").map((l) => l.replace(/^│ ?/, ""));
    const indent = (l: string) => l.search(/[^ │├└─•]/);
    for (const node of model.nodes) {
      const group = model.groups.find((g) => g.id === node.group);
      if (!group) {
        if (!lines.some((l) => l.startsWith(`• ${node.lines[0]}`))) {
          problems.push(`node "${node.lines[0]}" not listed on its own`);
        }
        continue;
      }
      const head = lines.findIndex((l) => l.replace(/^[ │├└─]+/, "") === group.label);
      let listed = false;
      for (
        let i = head + 1;
        head >= 0 && i < lines.length && indent(lines[i] ?? "") > indent(lines[head] ?? "");
        i++
      ) {
        if (lines[i]?.includes(node.lines[0] ?? "")) listed = true;
      }
      if (!listed) problems.push(`node "${node.lines[0]}" not listed under "${group.label}"`);
    }
  }
  return problems;
}

/** The region of the box titled `label` (`┌─ label ──…┐`), read from the text. */
function titledBox(text: string, label: string): Region | undefined {
  const g = grid(text);
  const at = (r: number, c: number) => g[r]?.[c] ?? " ";
  for (const [top, left] of positions(text, `┌─ ${label} `)) {
    let right = left + 3 + [...label].length + 1;
    while (at(top, right) === "─") right++;
    if (at(top, right) !== "┐") continue;
    let bottom = top + 1;
    while (at(bottom, left) === "│" && at(bottom, right) === "│") bottom++;
    if (at(bottom, left) === "└" && at(bottom, right) === "┘") return { top, left, bottom, right };
  }
  return undefined;
}

const MARK = /[═─┄━←](\d+)[═─┄━→]/g;

/**
 * A flowchart drawn as boxes (the lab's topology style): each group a box titled with its
 * label; each node's label lines whole, on one row, inside its group's box (and no other group's
 * box); each "port of" edge drawn as the port on a tree line (├─ or └─) below its bridge in the
 * same box; every other edge a mark of one number on both ends' rows; every label of such an
 * edge whole in the text.
 */
export function boxProblems(model: Flowchart, art: string): string[] {
  const plain = stripVTControlCharacters(art);
  const rows = plain.split("\n");
  const problems: string[] = [];
  const boxes = new Map(model.groups.map((g) => [g.id, titledBox(plain, g.label)]));
  for (const g of model.groups) {
    if (!boxes.get(g.id)) problems.push(`group "${g.label}" has no box`);
  }
  const rowOf = new Map<string, number>();
  for (const node of model.nodes) {
    const box = node.group ? boxes.get(node.group) : undefined;
    const inside = (r: number, c: number) =>
      box ? r > box.top && r < box.bottom && c > box.left && c < box.right : true;
    const found = positions(plain, node.lines[0] ?? "").find(([r, c]) =>
      inside(r, c) &&
      /^[│├└─ ]*$/.test([...rows[r] ?? ""].slice((box?.left ?? -1) + 2, c).join("")) &&
      node.lines.every((l) => rows[r]?.includes(l))
    );
    if (!found) {
      problems.push(`node "${node.lines.join(" / ")}" not whole on one row of its group's box`);
      continue;
    }
    rowOf.set(node.id, found[0]);
    for (const g of model.groups) {
      const b = boxes.get(g.id);
      const holds = node.group === g.id ||
        model.groups.some((x) => x.id === node.group && x.parent === g.id);
      if (
        b && !holds && found[0] > b.top && found[0] < b.bottom && found[1] > b.left &&
        found[1] < b.right
      ) {
        problems.push(`node "${node.lines[0]}" drawn inside "${g.label}"`);
      }
    }
  }
  const marksOn = (id: string) => {
    const r = rowOf.get(id);
    if (r === undefined) return new Set<string>();
    // A node's marks are on its row and on the rows it wraps onto, up to the next node's row.
    const next = Math.min(...[...rowOf.values()].filter((x) => x > r), rows.length);
    return new Set(rows.slice(r, next).flatMap((l) => [...l.matchAll(MARK)].map((m) => m[1])));
  };
  for (const e of model.edges) {
    if (/^port of$/i.test(e.label ?? "")) {
      const [port, bridge] = [rowOf.get(e.from), rowOf.get(e.to)];
      if (port === undefined || bridge === undefined) continue;
      if (!(port > bridge && /[├└]─ /.test(rows[port] ?? ""))) {
        problems.push(`"${e.from}" is not drawn as a port under "${e.to}"`);
      }
      continue;
    }
    const a = marksOn(e.from), b = marksOn(e.to);
    if (![...a].some((n) => b.has(n))) {
      problems.push(`no mark joins "${e.from}" and "${e.to}"`);
    }
    if (e.label && !onLine(e.label).test(plain.replace(/\n\s*/g, " "))) {
      problems.push(`edge label "${e.label}" missing or cut`);
    }
  }
  return problems;
}
