import type { Flowchart, FlowEdge, FlowGroup, FlowNode } from "./mermaid_types.ts";
import { labelLines, MermaidSyntaxError, type Statement } from "./mermaid_source.ts";

/** Statements that style or annotate a flowchart and say nothing about its shape. */
const IGNORED = /^(classDef|class|style|linkStyle|click|direction|accTitle|accDescr)\b/;

/** Node shapes, longest opener first: `id["label"]`, `id(label)`, `id{label}` ... */
const SHAPES: [string, string[]][] = [
  ["(((", [")))"]],
  ["((", ["))"]],
  ["([", ["])"]],
  ["[[", ["]]"]],
  ["[(", [")]"]],
  ["[/", ["/]", "\\]"]],
  ["[\\", ["\\]", "/]"]],
  ["{{", ["}}"]],
  ["(", [")"]],
  ["[", ["]"]],
  ["{", ["}"]],
  [">", ["]"]],
];

const ID = /^[\p{L}\p{N}_]+(?:[-.][\p{L}\p{N}_]+)*/u;

interface Ref {
  id: string;
  label?: string[];
}

/** A cursor over one statement; every read either advances or returns undefined. */
class Scanner {
  i = 0;
  constructor(readonly text: string, readonly line: number) {}

  get rest(): string {
    return this.text.slice(this.i);
  }

  skipSpaces() {
    while (this.text[this.i] === " " || this.text[this.i] === "\t") this.i++;
  }

  fail(what: string): never {
    throw new MermaidSyntaxError(this.line, `${what} at "${this.rest.slice(0, 30)}"`);
  }

  /** `id`, optionally with a shape holding its label, and a `:::class` suffix. */
  ref(): Ref | undefined {
    this.skipSpaces();
    const id = ID.exec(this.rest)?.[0];
    if (!id) return undefined;
    this.i += id.length;
    let label: string[] | undefined;
    const shape = SHAPES.find(([open]) => this.rest.startsWith(open));
    if (shape) {
      this.i += shape[0].length;
      label = labelLines(this.until(shape[1]));
    }
    const cls = /^:::[\w-]+/.exec(this.rest)?.[0];
    if (cls) this.i += cls.length;
    return { id, label };
  }

  /** The text up to one of `closers` (a quoted text may hold them), which is consumed. */
  until(closers: string[]): string {
    const start = this.i;
    if (this.text[this.i] === '"') {
      const end = this.text.indexOf('"', this.i + 1);
      if (end < 0) this.fail("an unclosed quote");
      this.i = end + 1;
    }
    let best = -1;
    let len = 0;
    for (const c of closers) {
      const at = this.text.indexOf(c, this.i);
      if (at >= 0 && (best < 0 || at < best)) [best, len] = [at, c.length];
    }
    if (best < 0) this.fail(`a missing "${closers[0]}"`);
    this.i = best + len;
    return this.text.slice(start, best);
  }

  /** A link (`-->`, `---`, `-.->`, `==>`, `<-->`, `-- text -->`), with its label. */
  link(): Omit<FlowEdge, "from" | "to"> | undefined {
    this.skipSpaces();
    const open = /^(<)?(--|==|-\.)(?=[\s"])/.exec(this.rest);
    let text: string | undefined;
    let token: string;
    let back = false;
    if (open) {
      // `A -- text --> B`: the text sits inside the link.
      const [opened, lt, dashes = ""] = open;
      back = lt === "<";
      this.i += opened.length;
      this.skipSpaces();
      const quoted = this.text[this.i] === '"';
      const end = /\s*(-{2,}>|-{3,}|={2,}>|={3,}|\.-+>|\.-+)/g;
      end.lastIndex = quoted ? this.text.indexOf('"', this.i + 1) + 1 : this.i;
      if (quoted && end.lastIndex === 0) this.fail("an unclosed quote");
      const m = end.exec(this.text);
      if (!m) this.fail("a link that never ends");
      text = this.text.slice(this.i, m.index);
      token = dashes + (m[1] ?? "");
      this.i = m.index + m[0].length;
    } else {
      const m = /^(<)?(-{2,}>|-{3,}|={2,}>|={3,}|-\.+->|-\.+-|~~~+)/.exec(this.rest);
      if (!m) return undefined;
      back = m[1] === "<";
      token = m[2] ?? "";
      this.i += m[0].length;
    }
    const pipe = /^\s*\|([^|]*)\|/.exec(this.rest);
    if (pipe) {
      text = pipe[1] ?? "";
      this.i += pipe[0].length;
    }
    const label = text === undefined ? undefined : labelLines(text).join(" ");
    const forward = token.endsWith(">");
    return {
      ...(label ? { label } : {}),
      arrow: forward ? (back ? "both" : "forward") : "none",
      style: token.includes("=") ? "thick" : token.includes(".") ? "dotted" : "solid",
    };
  }

  /** `a & b`: one or more refs. */
  refs(): Ref[] | undefined {
    const first = this.ref();
    if (!first) return undefined;
    const all = [first];
    for (;;) {
      this.skipSpaces();
      if (this.text[this.i] !== "&") return all;
      this.i++;
      all.push(this.ref() ?? this.fail("a node expected after &"));
    }
  }
}

function direction(header: Statement): Flowchart["direction"] {
  const dir = header.text.split(/\s+/)[1]?.toUpperCase() ?? "TB";
  if (dir === "TD") return "TB";
  if (dir === "LR" || dir === "RL" || dir === "TB" || dir === "BT") return dir;
  throw new MermaidSyntaxError(header.line, `unknown direction "${dir}"`);
}

function subgraphHead(text: string): { id: string; label: string } {
  const m = /^([\p{L}\p{N}_.-]+)\s*\[(.*)\]$/u.exec(text);
  const [, id, title] = m ?? [];
  if (id !== undefined && title !== undefined) return { id, label: labelLines(title).join(" ") };
  const label = labelLines(text).join(" ");
  return { id: text.replace(/^"|"$/g, ""), label };
}

/**
 * A flowchart's groups, nodes and edges. A node belongs to the first group to close that
 * mentions it (the innermost one), as mermaid decides. Pure; throws MermaidSyntaxError.
 */
export function parseFlowchart(header: Statement, body: Statement[]): Flowchart {
  const groups: FlowGroup[] = [];
  const nodes = new Map<string, FlowNode>();
  const edges: FlowEdge[] = [];
  const open: { group: FlowGroup; mentioned: string[] }[] = [];
  const mention = (ref: Ref, line: number) => {
    const node = nodes.get(ref.id) ?? { id: ref.id, lines: [ref.id], line };
    if (ref.label?.length) node.lines = ref.label;
    nodes.set(ref.id, node);
    open.at(-1)?.mentioned.push(ref.id);
  };

  for (const st of body) {
    if (IGNORED.test(st.text)) continue;
    const sub = /^subgraph\s+(.+)$/.exec(st.text);
    if (sub) {
      const parent = open.at(-1)?.group.id;
      const group: FlowGroup = { ...subgraphHead((sub[1] ?? "").trim()), line: st.line };
      if (parent !== undefined) group.parent = parent;
      groups.push(group);
      open.push({ group, mentioned: [] });
      continue;
    }
    if (st.text === "end") {
      const closing = open.pop();
      if (!closing) throw new MermaidSyntaxError(st.line, "an `end` without a subgraph");
      for (const id of closing.mentioned) {
        const node = nodes.get(id);
        if (node && node.group === undefined) node.group = closing.group.id;
      }
      continue;
    }
    const scan = new Scanner(st.text, st.line);
    let from = scan.refs() ?? scan.fail("a node expected");
    from.forEach((r) => mention(r, st.line));
    for (;;) {
      const link = scan.link();
      if (!link) break;
      const to = scan.refs() ?? scan.fail("a node expected after the link");
      to.forEach((r) => mention(r, st.line));
      for (const a of from) for (const b of to) edges.push({ from: a.id, to: b.id, ...link });
      from = to;
    }
    scan.skipSpaces();
    if (scan.rest) scan.fail("unexpected text");
  }
  if (open.length) {
    throw new MermaidSyntaxError(body.at(-1)?.line ?? header.line, "a subgraph never ends");
  }
  // A group's id used as a node is the group, not a node of its own.
  const groupIds = new Set(groups.map((g) => g.id));
  for (const id of groupIds) nodes.delete(id);
  return {
    kind: "flowchart",
    direction: direction(header),
    groups,
    nodes: [...nodes.values()],
    edges,
  };
}
