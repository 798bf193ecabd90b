import { DISPLAY, type MimeBundle } from "../render/mime.ts";
import { renderTable } from "./render_table.ts";

/** One direction of a connection: addresses, and ports (TCP, UDP ...) or type/code/id (ICMP). */
export interface Tuple {
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  type?: number;
  code?: number;
  id?: number;
}

/** One tracked connection, as `conntrack -L` prints it. */
export interface ConntrackEntry {
  /** "tcp", "udp", "icmp", or "unknown" for a protocol conntrack has no helper for. */
  protocol: string;
  /** The IP protocol number: 6 tcp, 17 udp, 1 icmp ... */
  protoNumber: number;
  /** Seconds until the entry expires, when nothing more is seen. */
  timeout: number;
  /** TCP state, e.g. ESTABLISHED, TIME_WAIT; undefined for protocols without states. */
  state?: string;
  /** The packet as first seen. */
  original: Tuple;
  /** What a reply is expected to look like: after NAT, not the mirror of the original. */
  reply: Tuple;
  /** ASSURED (traffic seen both ways), UNREPLIED, OFFLOAD ... */
  flags: string[];
  mark?: number;
  use?: number;
  zone?: number;
}

/** The NAT conntrack did on a connection, read from how its reply differs from its original. */
export type Nat = "DNAT" | "SNAT" | "DNAT+SNAT";

/**
 * DNAT when the reply comes from somewhere other than where the original went; SNAT when it
 * goes to somewhere other than where the original came from.
 */
export function natOf(e: ConntrackEntry): Nat | undefined {
  const dnat = e.reply.src !== e.original.dst || e.reply.sport !== e.original.dport;
  const snat = e.reply.dst !== e.original.src || e.reply.dport !== e.original.sport;
  return dnat && snat ? "DNAT+SNAT" : dnat ? "DNAT" : snat ? "SNAT" : undefined;
}

const NUMBERS = new Set(["sport", "dport", "type", "code", "id"]);

/** Parses one line of `conntrack -L` (also with `-o extended`'s leading "ipv4 2"). */
function parseLine(line: string): ConntrackEntry | undefined {
  const words = line.trim().split(/\s+/);
  if (words[0] === "ipv4" || words[0] === "ipv6") words.splice(0, 2);
  const [protocol = "", number = "", timeout = ""] = words;
  if (!/^\d+$/.test(number) || !/^\d+$/.test(timeout)) return undefined;
  const entry: ConntrackEntry = {
    protocol,
    protoNumber: Number(number),
    timeout: Number(timeout),
    original: { src: "", dst: "" },
    reply: { src: "", dst: "" },
    flags: [],
  };
  let tuple: Tuple | undefined;
  let tuples = 0;
  for (const word of words.slice(3)) {
    const [, flag] = /^\[(.+)\]$/.exec(word) ?? [];
    const eq = word.indexOf("=");
    if (flag !== undefined) {
      entry.flags.push(flag);
    } else if (eq < 0) {
      entry.state = word;
    } else {
      const key = word.slice(0, eq), value = word.slice(eq + 1);
      if (key === "src" && tuples < 2) tuple = [entry.original, entry.reply][tuples++];
      if (tuple && (key === "src" || key === "dst")) tuple[key] = value;
      else if (tuple && NUMBERS.has(key)) tuple[key as "sport"] = Number(value);
      else if (key === "mark" || key === "use" || key === "zone") entry[key] = Number(value);
    }
    // Anything after the reply tuple's own fields (mark=, use=) ends the tuple.
    if (tuples === 2 && (word.startsWith("mark=") || word.startsWith("use="))) tuple = undefined;
  }
  return tuples === 2 ? entry : undefined;
}

function endpoint(address: string, port?: number): string {
  if (port === undefined) return address;
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}

function flow(t: Tuple): string {
  const icmp = t.type === undefined ? "" : ` (type ${t.type} code ${t.code ?? 0} id ${t.id ?? 0})`;
  return `${endpoint(t.src, t.sport)} → ${endpoint(t.dst, t.dport)}${icmp}`;
}

function explain(e: ConntrackEntry): string | undefined {
  const nat = natOf(e);
  if (!nat) return undefined;
  const o = e.original, r = e.reply;
  const parts: string[] = [];
  if (nat !== "SNAT") {
    parts.push(`sent to ${endpoint(o.dst, o.dport)}, really goes to ${endpoint(r.src, r.sport)}`);
  }
  if (nat !== "DNAT") {
    parts.push(`from ${endpoint(o.src, o.sport)}, leaves as ${endpoint(r.dst, r.dport)}`);
  }
  return `${nat}: ${e.protocol} ${parts.join("; ")}`;
}

/** A namespace's connection tracking table (`conntrack -L`): original and reply of each flow. */
export class ConntrackTable {
  constructor(readonly entries: readonly ConntrackEntry[], readonly caption?: string) {}

  /** Parses `conntrack -L` (lines it cannot read, such as the summary, are skipped). Pure. */
  static parse(text: string, caption?: string): ConntrackTable {
    return new ConntrackTable(
      text.split("\n").map(parseLine).filter((e): e is ConntrackEntry => e !== undefined),
      caption,
    );
  }

  /** Only the entries that NAT rewrote. */
  natted(): ConntrackTable {
    return new ConntrackTable(this.entries.filter((e) => natOf(e)), this.caption);
  }

  [DISPLAY](): MimeBundle {
    const notes = this.entries.map(explain).filter((n): n is string => n !== undefined);
    return renderTable({
      className: "nb-conntrack",
      caption: this.caption,
      head: ["Proto", "State", "Timeout", "Original", "Reply", "NAT", "Flags"],
      right: [2],
      rows: this.entries.map((e) => ({
        cells: [
          e.protocol === "unknown" ? `proto ${e.protoNumber}` : e.protocol,
          e.state ?? "",
          String(e.timeout),
          flow(e.original),
          flow(e.reply),
          natOf(e) ?? "",
          e.flags.join(" "),
        ],
        className: natOf(e) ? "nb-nat" : undefined,
      })),
      notes,
      empty: "(no connections tracked)",
    });
  }
}
