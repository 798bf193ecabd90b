import { DISPLAY, escapeHtml, type MimeBundle } from "../render/mime.ts";
import { alignColumns, htmlTable } from "./render_table.ts";
import { type LayoutBlock, tableLayoutEntry } from "../render/table_layout.ts";

/** One rule, as the kernel prints it back (iptables-save's canonical form), with its counters. */
export interface IptablesRule {
  table: string;
  chain: string;
  /** Its position in the chain, from 1 (what `iptables -D CHAIN N` and `-I CHAIN N` take). */
  number: number;
  /** Exactly as iptables-save prints it: `-A PREROUTING -p tcp -m tcp --dport 80 -j DNAT ...`. */
  text: string;
  /** What -j (or -g) names: "ACCEPT", "DNAT", a user chain ...; undefined for a rule that only counts. */
  target?: string;
  /** Packets and bytes that matched (iptables-save -c); undefined without -c. */
  packets?: number;
  bytes?: number;
}

export interface IptablesChain {
  table: string;
  name: string;
  /** ACCEPT or DROP for a built-in chain; undefined for a user chain. */
  policy?: string;
  packets?: number;
  bytes?: number;
  /** For a user chain: how many rules of its table jump (or go) to it. */
  references?: number;
  rules: IptablesRule[];
}

export interface IptablesTable {
  name: string;
  chains: IptablesChain[];
}

/** Splits a rule into words as the shell would: "quoted words" stay one word, quotes kept. */
function words(text: string): string[] {
  return text.match(/(?:"(?:\\.|[^"\\])*"|\S)+/g) ?? [];
}

function targetOf(text: string): string | undefined {
  const w = words(text);
  const i = w.findIndex((x) => x === "-j" || x === "-g" || x === "--jump" || x === "--goto");
  return i >= 0 ? w[i + 1] : undefined;
}

const COUNTERS = /^\[(\d+):(\d+)\]$/;

/** Parses `iptables-save` (with -c, the counters) into tables, chains and rules. Pure. */
function parse(text: string): IptablesTable[] {
  const tables: IptablesTable[] = [];
  let table: IptablesTable | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line === "COMMIT") continue;
    if (line.startsWith("*")) {
      table = { name: line.slice(1), chains: [] };
      tables.push(table);
      continue;
    }
    if (!table) throw new SyntaxError(`iptables-save: a line before any *table: ${line}`);
    const t = table;
    if (line.startsWith(":")) {
      const [name = "", policy, counters] = line.slice(1).split(" ");
      const c = COUNTERS.exec(counters ?? "");
      t.chains.push({
        table: t.name,
        name,
        ...(policy && policy !== "-" ? { policy } : {}),
        ...(c ? { packets: Number(c[1]), bytes: Number(c[2]) } : {}),
        rules: [],
      });
      continue;
    }
    const m = /^(?:\[(\d+):(\d+)\]\s+)?(-A\s+(\S+).*)$/.exec(line);
    if (!m) throw new SyntaxError(`iptables-save: a line that is not a rule: ${line}`);
    const [, packets, bytes, rule = "", chainName = ""] = m;
    let chain = t.chains.find((c) => c.name === chainName);
    if (!chain) t.chains.push(chain = { table: t.name, name: chainName, rules: [] });
    const target = targetOf(rule);
    chain.rules.push({
      table: t.name,
      chain: chainName,
      number: chain.rules.length + 1,
      text: rule,
      ...(target ? { target } : {}),
      ...(packets !== undefined ? { packets: Number(packets), bytes: Number(bytes) } : {}),
    });
  }
  for (const t of tables) {
    for (const c of t.chains.filter((c) => !c.policy)) {
      c.references = t.chains.flatMap((x) => x.rules).filter((r) => r.target === c.name).length;
    }
  }
  return tables;
}

/** What to keep: one table and/or one chain. */
export interface IptablesFilter {
  table?: string;
  chain?: string;
}

/**
 * The iptables rules of a namespace, by table and chain, with their counters. Shows as
 * `iptables -L -v`-like blocks per table and chain, the rules in the form the kernel prints.
 */
export class IptablesRuleset {
  constructor(readonly tables: readonly IptablesTable[], readonly caption?: string) {}

  /** Parses `iptables-save -c` (or without -c). Pure. */
  static parse(text: string, caption?: string): IptablesRuleset {
    return new IptablesRuleset(parse(text), caption);
  }

  /** Only one table and/or one chain (by name, in whichever table has it). */
  only(filter: IptablesFilter): IptablesRuleset {
    const tables = this.tables
      .filter((t) => filter.table === undefined || t.name === filter.table)
      .map((t) => ({
        ...t,
        chains: t.chains.filter((c) => filter.chain === undefined || c.name === filter.chain),
      }))
      .filter((t) => t.chains.length > 0);
    return new IptablesRuleset(tables, this.caption);
  }

  /** One chain of one table. */
  chain(table: string, name: string): IptablesChain | undefined {
    return this.tables.find((t) => t.name === table)?.chains.find((c) => c.name === name);
  }

  /** Every rule, in order. */
  get rules(): IptablesRule[] {
    return this.tables.flatMap((t) => t.chains.flatMap((c) => c.rules));
  }

  #header(c: IptablesChain): string {
    const counts = c.packets === undefined ? "" : ` ${c.packets} packets, ${c.bytes} bytes`;
    if (c.policy) return `chain ${c.name} (policy ${c.policy}${counts})`;
    const refs = c.references ?? 0;
    return `chain ${c.name} (user chain, ${refs} reference${refs === 1 ? "" : "s"})`;
  }

  #cells(r: IptablesRule): string[] {
    return [String(r.number), String(r.packets ?? ""), String(r.bytes ?? ""), r.text];
  }

  [DISPLAY](): MimeBundle {
    const head = ["#", "pkts", "bytes", "rule"];
    const right = [0, 1, 2];
    const rows = this.tables.flatMap((t) => t.chains.flatMap((c) => c.rules.map(this.#cells)));
    const [headLine, ...ruleLines] = alignColumns([head, ...rows], right);
    const text: string[] = this.caption ? [this.caption] : [];
    const blocks: LayoutBlock[] = this.caption ? [{ text: this.caption }] : [];
    const html: string[] = [];
    let next = 0;
    for (const t of this.tables) {
      text.push(`table ${t.name}`);
      blocks.push({ text: `table ${t.name}` });
      for (const c of t.chains) {
        text.push(`  ${this.#header(c)}`);
        blocks.push({ text: `  ${this.#header(c)}` });
        if (c.rules.length) {
          blocks.push({ table: { head, rows: c.rules.map(this.#cells), right, indent: 4 } });
        }
        if (c.rules.length) text.push(`    ${headLine}`);
        for (const _ of c.rules) text.push(`    ${ruleLines[next++]}`);
        html.push(htmlTable({
          className: "nb-iptables",
          caption: `${t.name} · ${this.#header(c)}`,
          head,
          right,
          rows: c.rules.map((r) => ({ cells: this.#cells(r) })),
          empty: "(no rules)",
        }));
      }
    }
    if (!this.tables.length) {
      text.push("(no rules)");
      blocks.push({ text: "(no rules)" });
    }
    const caption = this.caption ? `<p class="nb-caption">${escapeHtml(this.caption)}</p>\n` : "";
    return {
      "text/plain": text.join("\n"),
      "text/html": `<div class="nb-iptables">\n${caption}${
        html.length ? html.join("\n") : '<p class="nb-note">(no rules)</p>'
      }\n</div>`,
      ...tableLayoutEntry(blocks),
    };
  }
}
