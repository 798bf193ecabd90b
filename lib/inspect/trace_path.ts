import { tableLayoutEntry } from "../render/table_layout.ts";
import { DISPLAY, escapeHtml, type MimeBundle } from "../render/mime.ts";
import { Diagram } from "../render/diagram.ts";

/** One step of a packet through netfilter, as `xtables-monitor --trace` reports it. */
export interface TraceStep {
  /** Packets numbered from 1 in the order they were first seen (the kernel's ids are random). */
  packet: number;
  table: string;
  chain: string;
  /** "rule" (a rule matched), "policy" (the chain's policy decided), "return" (fell off a user chain). */
  kind: string;
  verdict: string;
  /** The matching rule as the kernel prints it back, e.g. `-A PREROUTING -p icmp -j TRACE`. */
  rule?: string;
  /** The packet as it was at this step. */
  in?: string;
  out?: string;
  src?: string;
  dst?: string;
  proto?: string;
}

const TRACE =
  /^\s*TRACE: \d+ ([0-9a-f]+) ([^:\s]+):([^:\s]+):([a-z]+)(?::(0x[0-9a-f]+))?(?::([A-Z_]+|0x[0-9a-f]+))?\s*(.*)$/;

/** Verdicts xtables-monitor prints as numbers: nftables' own, negative, as 32-bit hex. */
const VERDICTS: Record<string, string> = {
  "0xffffffff": "CONTINUE",
  "0xfffffffe": "BREAK",
  "0xfffffffd": "JUMP",
  "0xfffffffc": "GOTO",
  "0xfffffffb": "RETURN",
};
const PACKET = /^PACKET: \d+ ([0-9a-f]+) (.*)$/;

function fields(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of text.trim().split(/\s+/)) {
    const eq = word.indexOf("=");
    if (eq > 0) out[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return out;
}

/** Parses `xtables-monitor --trace` output into ordered steps. Pure. */
export function parseTrace(text: string): TraceStep[] {
  const ids = new Map<string, number>();
  const packets = new Map<string, Record<string, string>>();
  const steps: TraceStep[] = [];
  const number = (id: string) => ids.get(id) ?? (ids.set(id, ids.size + 1), ids.size);
  for (const line of text.split("\n")) {
    const p = PACKET.exec(line);
    if (p) {
      const [, id = "", rest = ""] = p;
      number(id);
      packets.set(id, fields(rest));
      continue;
    }
    const t = TRACE.exec(line);
    if (!t) continue;
    const [, id = "", table = "", chain = "", kind = "", , verdict, rest = ""] = t;
    const pkt = packets.get(id) ?? {};
    const rule = rest.replace(/^-4 -t \S+ /, "").trim() || undefined;
    steps.push({
      packet: number(id),
      table,
      chain,
      kind,
      verdict: (verdict && VERDICTS[verdict]) ?? verdict ?? (kind === "return" ? "RETURN" : ""),
      rule,
      in: pkt.IN || undefined,
      out: pkt.OUT || undefined,
      src: pkt.SRC,
      dst: pkt.DST,
      proto: pkt.PROTO,
    });
  }
  return steps;
}

function where(s: TraceStep): string {
  const dev = [s.in && `in ${s.in}`, s.out && `out ${s.out}`].filter(Boolean).join(" ");
  return `${s.src ?? "?"} → ${s.dst ?? "?"}${dev ? ` (${dev})` : ""}`;
}

/** A rule by its target and the target's options (`-j DNAT --to-destination 10.0.0.10:80`). */
function target(rule: string): string {
  const [, jump] = / (-[jg] .*)$/.exec(rule) ?? [];
  return jump ?? rule.replace(/^-A \S+ /, "");
}

/** The path packets took through the tables and chains. Renders as a table and a diagram. */
export class TracePath {
  constructor(readonly steps: TraceStep[]) {}

  /** The chains visited, in order, as `table:chain` (for checks in notebooks). */
  get chains(): string[] {
    return this.steps.map((s) => `${s.table}:${s.chain}`);
  }

  /** The path as a diagram (terminal art, Jupyter Markdown, SVG in HTML). */
  diagram(): Diagram {
    return new Diagram(this.toMermaid());
  }

  /**
   * A mermaid sequence diagram: the hooks as participants, each step a note on its hook. A
   * message carries the packet's addresses, the first note after it the interfaces it came in
   * and goes out by; a rule is named by its target (`-j MASQUERADE`), the whole rule being in
   * the table beside. Kept narrow so that a terminal of 120 columns draws it.
   */
  toMermaid(): string {
    const lines = ["sequenceDiagram"];
    const hooks = [...new Set(this.steps.map((s) => s.chain))];
    hooks.forEach((h, i) => lines.push(`  participant H${i} as ${h}`));
    let prev: { hook: number; packet: number } | undefined;
    for (const s of this.steps) {
      const hook = hooks.indexOf(s.chain);
      let dev = "";
      if (!prev || prev.hook !== hook || prev.packet !== s.packet) {
        const from = prev ? `H${prev.hook}` : `H${hook}`;
        lines.push(`  ${from}->>H${hook}: packet ${s.packet}: ${s.src ?? "?"} → ${s.dst ?? "?"}`);
        dev = [s.in && `in ${s.in}`, s.out && `out ${s.out}`].filter(Boolean).join(" ");
      }
      const rule = s.rule ? ` ${target(s.rule)}` : "";
      const note = `${dev ? `${dev}: ` : ""}${s.table} ${s.kind}${rule} → ${s.verdict}`;
      lines.push(`  Note over H${hook}: ${note}`.replaceAll(";", ","));
      prev = { hook, packet: s.packet };
    }
    return lines.join("\n");
  }

  [DISPLAY](): MimeBundle {
    const head = ["#", "packet", "table", "chain", "verdict", "rule"];
    const rows = this.steps.map((s) => [
      String(s.packet),
      where(s),
      s.table,
      s.chain,
      `${s.kind === "rule" ? "" : `${s.kind} `}${s.verdict}`,
      s.rule ?? "",
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
    const plain = this.steps.length
      ? [line(head), ...rows.map(line)].join("\n")
      : "(no packet was traced: did the traffic reach this namespace?)";
    const left = ' style="text-align:left"'; // Jupyter's stylesheet right-aligns cells
    const html = `<table class="nb-table nb-trace" style="font-family:monospace"><thead><tr>${
      head.map((h) => `<th${left}>${h}</th>`).join("")
    }</tr></thead><tbody>${
      rows.map((r) => `<tr>${r.map((c) => `<td${left}>${escapeHtml(c)}</td>`).join("")}</tr>`)
        .join("")
    }</tbody></table>`;
    return {
      "text/plain": plain,
      "text/html": html,
      ...tableLayoutEntry(
        this.steps.length ? [{ table: { head, rows } }] : [{ text: plain }],
      ),
      "text/markdown": "```mermaid\n" + this.toMermaid() + "\n```",
    };
  }
}
