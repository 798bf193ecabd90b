import wrapAnsi from "../npm/wrap_ansi.ts";
import type {
  TopologyEnd,
  TopologyLink,
  TopologyModel,
  TopologyNamespace,
} from "./topology_model.ts";
import type { Style } from "../render/style.ts";
import { PLAIN } from "../render/plain_style.ts";
import { padText, textWidth } from "../render/text_width.ts";
import { topologyTable } from "./topology_table.ts";
import { HIDDEN_KINDS, inOrder, key, numberPairs, placed, where } from "./topology_order.ts";

export interface TopologyTerminalOptions {
  /** Columns to fit. Default 80. */
  width?: number;
  style?: Style;
  /** Past this many namespaces, or this many lines of drawing, a table instead. */
  maxNamespaces?: number;
  maxLines?: number;
}

/** The words that describe an interface, in order; a line breaks only between them. */
function words(
  link: TopologyLink,
  pair: number | undefined,
  s: Style,
  ns?: string,
): string[] {
  const head = HIDDEN_KINDS.has(link.kind) ? link.name : `${link.name} (${link.kind})`;
  const state = ["UP", "UNKNOWN"].includes(link.state) ? [] : [s.yellow(link.state)];
  const peer = (end: TopologyEnd) => `${s.cyan(`═${pair}═`)} ${end.name} in ${where(end.ns)}`;
  const far = link.peer
    ? [peer(link.peer)]
    : link.kind === "veth"
    ? [s.dim("═?═ peer unknown")]
    : [];
  const parent = link.parent
    ? [
      s.dim(`on ${link.parent.name}${link.parent.ns !== ns ? ` in ${where(link.parent.ns)}` : ""}`),
    ]
    : [];
  return [s.bold(head), ...link.addresses, ...state, ...parent, ...far];
}

/**
 * Words packed into lines of `room` columns, two spaces apart; later lines indented by 2. A word
 * too wide for a line of its own (a peer's name and place) breaks at its own spaces; a part
 * still too wide is cut.
 */
function pack(words: string[], room: number): string[] {
  const parts = words.flatMap((word) => {
    if (textWidth(word) <= room - 2) return [{ text: word, sep: "  " }];
    const bits = word.split(" ");
    if (bits.length > 1) bits.splice(0, 2, `${bits[0]} ${bits[1]}`); // "═1═ name" stays whole
    return bits.map((text, i) => ({ text, sep: i === 0 ? "  " : " " }));
  });
  const lines: string[] = [];
  let line = "";
  for (const { text, sep } of parts) {
    const lead = lines.length ? "  " : "";
    if (line && textWidth(lead + line + sep + text) > room) {
      lines.push(lead + line);
      line = text;
    } else {
      line = line ? line + sep + text : text;
    }
  }
  lines.push((lines.length ? "  " : "") + line);
  return lines.flatMap((l, i) =>
    wrapAnsi(l, room, { hard: true, trim: false }).split("\n").map((piece, k) =>
      k === 0 || i > 0 ? piece : "  " + piece
    )
  );
}

/** The widest word of a namespace's box with its indent: no line may be narrower. */
function widestWord(space: TopologyNamespace, pairs: Map<string, number>, s: Style): number {
  const all = placed(space).flatMap(({ link, tree }) =>
    words(link, pairs.get(key(space.ns, link.name)), s, space.ns).map((w) =>
      textWidth(w) + tree.length + 2
    )
  );
  return Math.max(0, ...all);
}

/** The lines inside a namespace's box, each at most `room` columns. */
function contents(space: TopologyNamespace, pairs: Map<string, number>, room: number, s: Style) {
  const items = placed(space);
  if (!items.length) return [s.dim("(no interface but lo)")];
  // Where every interface fits on one line, the peers' marks line up in one column.
  const split = items.map(({ link, tree }) => {
    const all = words(link, pairs.get(key(space.ns, link.name)), s, space.ns);
    const far = link.kind === "veth" ? all.length - 1 : all.length;
    return { tree, left: all.slice(0, far).join("  "), right: all.slice(far).join("") };
  });
  const column = Math.max(
    0,
    ...split.filter((w) => w.right).map((w) => w.tree.length + textWidth(w.left)),
  );
  const fits = split.every((w) => !w.right || column + 2 + textWidth(w.right) <= room);
  if (fits) {
    return split.map((w) =>
      s.dim(w.tree) + (w.right ? padText(w.left, column - w.tree.length) + "  " + w.right : w.left)
    );
  }
  return items.flatMap(({ link, tree }) => {
    const more = tree ? (tree.startsWith("├") ? "│  " : "   ") : "";
    const lines = pack(
      words(link, pairs.get(key(space.ns, link.name)), s, space.ns),
      room - tree.length,
    );
    return lines.map((l, i) => s.dim(i === 0 ? tree : more) + l);
  });
}

/** A box of `inner` columns with a title in its top border. */
function box(name: string, lines: string[], inner: number, height: number, s: Style): string[] {
  const title = textWidth(name) > inner - 2 ? name.slice(0, Math.max(1, inner - 3)) + "…" : name;
  const top = `┌─ ${title} ${"─".repeat(Math.max(1, inner - textWidth(title) - 1))}┐`;
  const body = Array.from({ length: height }, (_, i) => `│ ${padText(lines[i] ?? "", inner)} │`);
  return [s.dim(top).replace(title, s.bold(title)), ...body, s.dim(`└${"─".repeat(inner + 2)}┘`)];
}

/** The drawing: the lab host's box across the top, the namespaces' boxes in rows below it. */
function drawing(model: TopologyModel, width: number, s: Style): string {
  const pairs = numberPairs(model);
  const room = width - 4;
  const spaces = model.namespaces.filter((n) => n.ns !== undefined || n.links.length);
  const natural = (n: TopologyNamespace) =>
    Math.min(
      room,
      Math.max(textWidth(where(n.ns)) + 2, ...contents(n, pairs, room, s).map(textWidth)),
    );
  const out: string[] = [];
  const host = spaces.find((n) => n.ns === undefined);
  if (host) {
    const inner = natural(host);
    const lines = contents(host, pairs, inner, s);
    out.push(...box(where(undefined), lines, inner, lines.length, s));
  }
  const named = spaces.filter((n) => n.ns !== undefined);
  if (named.length) {
    // As many boxes side by side as fit without breaking a word (and at least 28 columns each).
    const least = Math.max(28, ...named.map((n) => widestWord(n, pairs, s)));
    let perRow = Math.min(named.length, 4);
    while (perRow > 1 && Math.floor((width + 1) / perRow) - 5 < least) perRow--;
    const cap = Math.min(Math.max(...named.map(natural)), Math.floor((width + 1) / perRow) - 5);
    const inner = Math.max(
      ...named.map((n) =>
        Math.max(textWidth(where(n.ns)) + 2, ...contents(n, pairs, cap, s).map(textWidth))
      ),
    );
    for (let i = 0; i < named.length; i += perRow) {
      const row = named.slice(i, i + perRow).map((n) => ({
        n,
        lines: contents(n, pairs, inner, s),
      }));
      const height = Math.max(...row.map((r) => r.lines.length));
      const boxes = row.map((r) => box(where(r.n.ns), r.lines, inner, height, s));
      const [first = []] = boxes;
      out.push(...first.map((_, k) => boxes.map((b) => b[k]).join(" ")));
    }
  }
  if (!out.length) return s.dim("(the lab holds no interface but lo)");
  const legend = [
    ...(pairs.size ? ["═N═ marks the two ends of veth pair N"] : []),
    ...(model.namespaces.some((n) => n.links.some((l) => l.bridge))
      ? ["├─ a port of the bridge above it"]
      : []),
  ];
  if (legend.length) out.push(s.dim(wrapAnsi(legend.join("; "), width)));
  return out.join("\n");
}

/**
 * The lab for a terminal, laid out from its model: each namespace a box holding its interfaces
 * (name, kind, IPv4 addresses, state when not up), bridge ports listed under their bridge, and
 * the two ends of each veth pair marked with the same number and naming each other. Fits
 * `width`. A big lab (many namespaces, or a drawing too long to read) becomes a table grouped
 * by bridge, then by namespace. Namespaces sort naturally (ns2 before ns10). Pure.
 */
export function topologyToTerminal(given: TopologyModel, o: TopologyTerminalOptions = {}): string {
  const model = inOrder(given);
  const width = Math.max(40, o.width ?? 80);
  const s = o.style ?? PLAIN;
  const named = model.namespaces.filter((n) => n.ns !== undefined).length;
  if (named <= (o.maxNamespaces ?? 12)) {
    const text = drawing(model, width, s);
    if (text.split("\n").length <= (o.maxLines ?? 60)) return text;
  }
  return topologyTable(model, { width, style: s });
}
