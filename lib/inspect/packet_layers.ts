/**
 * A captured frame taken apart into its headers, outermost first: Ethernet (or Linux cooked),
 * ARP, IPv4, IPv6, ICMP, UDP, TCP, VXLAN (and the frame inside it), DNS. What it cannot read
 * stays as the bytes it is. Pure.
 */
import dnsPacketModule from "../npm/dns_packet.ts";
import { Buffer } from "node:buffer";

/** What netbook uses of dns-packet's decode (the package ships no types of its own). */
interface DecodedDns {
  id?: number;
  type?: string;
  rcode?: string;
  questions?: { name: string; type: string }[];
  answers?: { name: string; type: string; data?: unknown }[];
}
const dnsPacket = dnsPacketModule as unknown as { decode(bytes: Uint8Array): DecodedDns };

export interface EthernetLayer {
  protocol: "Ethernet";
  src: string;
  dst: string;
  /** The EtherType of what it carries (0x0800 IPv4, 0x0806 ARP, 0x86dd IPv6). */
  type: number;
  /** An 802.1Q tag's VLAN id. */
  vlan?: number;
}

export interface ArpLayer {
  protocol: "ARP";
  op: "request" | "reply" | string;
  senderMac: string;
  senderIp: string;
  targetMac: string;
  targetIp: string;
}

export interface Ipv4Layer {
  protocol: "IPv4";
  src: string;
  dst: string;
  ttl: number;
  /** The whole IP packet, header included (the header's total length). */
  length: number;
  /** "Don't fragment" is set. */
  df: boolean;
  /** The IP protocol number of what it carries (1 ICMP, 6 TCP, 17 UDP). */
  next: number;
}

export interface Ipv6Layer {
  protocol: "IPv6";
  src: string;
  dst: string;
  hopLimit: number;
  next: number;
}

export interface IcmpLayer {
  protocol: "ICMP";
  type: number;
  code: number;
  /** "echo request", "echo reply", "destination unreachable (port unreachable)" ... */
  kind: string;
  id?: number;
  seq?: number;
}

export interface Icmp6Layer {
  protocol: "ICMPv6";
  type: number;
  code: number;
  /** "echo request", "neighbor solicitation", "multicast listener report v2" ... */
  kind: string;
}

export interface UdpLayer {
  protocol: "UDP";
  sport: number;
  dport: number;
  /** The UDP header's length field: header and payload. */
  length: number;
}

export interface TcpLayer {
  protocol: "TCP";
  sport: number;
  dport: number;
  /** As tcpdump writes them: S (SYN), F, R, P, . (ACK), in one word, e.g. "S.", "P.". */
  flags: string;
  seq: number;
  ack: number;
  /** Bytes of payload. */
  payload: number;
}

export interface VxlanLayer {
  protocol: "VXLAN";
  vni: number;
}

export interface DnsLayer {
  protocol: "DNS";
  id: number;
  response: boolean;
  /** NOERROR, NXDOMAIN, SERVFAIL, REFUSED ... (responses). */
  rcode: string;
  questions: { name: string; type: string }[];
  /** Each answer: name, type, and its data as text (an address, a name). */
  answers: { name: string; type: string; data: string }[];
}

export interface PayloadLayer {
  protocol: "Payload";
  /** The first line, when it reads as text (an HTTP request line ...). */
  text?: string;
  length: number;
}

/** One header of a packet. */
export type Layer =
  | EthernetLayer
  | ArpLayer
  | Ipv4Layer
  | Ipv6Layer
  | IcmpLayer
  | Icmp6Layer
  | UdpLayer
  | TcpLayer
  | VxlanLayer
  | DnsLayer
  | PayloadLayer;

/** The UDP ports that carry VXLAN: IANA's 4789, and Linux's (and flannel's) 8472. */
const VXLAN_PORTS = new Set([4789, 8472]);

function mac(b: Uint8Array, at: number): string {
  return Array.from(b.subarray(at, at + 6), (x) => x.toString(16).padStart(2, "0")).join(":");
}

function ipv4(b: Uint8Array, at: number): string {
  return Array.from(b.subarray(at, at + 4)).join(".");
}

/** The byte at `i`, or 0 past the end (every reader below checks the length first). */
function u8(b: Uint8Array, i: number): number {
  return b[i] ?? 0;
}

/** The big-endian 16-bit word at `i`. */
function u16(b: Uint8Array, i: number): number {
  return (u8(b, i) << 8) | u8(b, i + 1);
}

/** The big-endian unsigned 32-bit word at `i`. */
function u32(b: Uint8Array, i: number): number {
  return ((u8(b, i) << 24) | (u8(b, i + 1) << 16) | (u8(b, i + 2) << 8) | u8(b, i + 3)) >>> 0;
}

function ipv6(b: Uint8Array, at: number): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(u16(b, at + i).toString(16));
  // The longest run of zero groups becomes "::".
  let bestAt = -1, bestLength = 0, runAt = -1, runLength = 0;
  groups.forEach((g, i) => {
    if (g === "0") [runAt, runLength] = runAt < 0 ? [i, 1] : [runAt, runLength + 1];
    else [runAt, runLength] = [-1, 0];
    if (runLength > bestLength) [bestAt, bestLength] = [runAt, runLength];
  });
  if (bestLength < 2) return groups.join(":");
  const head = groups.slice(0, bestAt).join(":");
  const tail = groups.slice(bestAt + bestLength).join(":");
  return `${head}::${tail}`;
}

const ICMP_KINDS: Record<number, string> = {
  0: "echo reply",
  3: "destination unreachable",
  5: "redirect",
  8: "echo request",
  11: "time exceeded",
};
const UNREACHABLE: Record<number, string> = {
  0: "net unreachable",
  1: "host unreachable",
  3: "port unreachable",
  4: "fragmentation needed",
  13: "administratively prohibited",
};

function icmp(b: Uint8Array, at: number): IcmpLayer {
  const [type, code] = [u8(b, at), u8(b, at + 1)];
  const base = ICMP_KINDS[type] ?? `type ${type}`;
  const kind = type === 3 ? `${base} (${UNREACHABLE[code] ?? `code ${code}`})` : base;
  const echo = type === 0 || type === 8;
  return {
    protocol: "ICMP",
    type,
    code,
    kind,
    ...(echo ? { id: u16(b, at + 4), seq: u16(b, at + 6) } : {}),
  };
}

const ICMP6_KINDS: Record<number, string> = {
  1: "destination unreachable",
  3: "time exceeded",
  128: "echo request",
  129: "echo reply",
  133: "router solicitation",
  134: "router advertisement",
  135: "neighbor solicitation",
  136: "neighbor advertisement",
  143: "multicast listener report v2",
};

function tcpFlags(bits: number): string {
  const names: [number, string][] = [[0x02, "S"], [0x01, "F"], [0x04, "R"], [0x08, "P"]];
  const word = names.filter(([bit]) => bits & bit).map(([, n]) => n).join("");
  return (word + (bits & 0x10 ? "." : "")) || "none";
}

function dns(b: Uint8Array): DnsLayer | undefined {
  try {
    const d = dnsPacket.decode(Buffer.from(b));
    const text = (data: unknown) =>
      typeof data === "string" ? data : data === undefined ? "" : JSON.stringify(data);
    return {
      protocol: "DNS",
      id: d.id ?? 0,
      response: d.type === "response",
      rcode: d.rcode ?? "NOERROR",
      questions: (d.questions ?? []).map((q) => ({ name: q.name, type: q.type })),
      answers: (d.answers ?? []).map((a) => ({
        name: a.name,
        type: a.type,
        data: text(a.data),
      })),
    };
  } catch {
    return undefined;
  }
}

function payload(b: Uint8Array): PayloadLayer[] {
  if (!b.length) return [];
  const [line = ""] = new TextDecoder().decode(b.subarray(0, 200)).split(/\r?\n/);
  const text = /^[\x20-\x7e]{4,}$/.test(line) ? line : undefined;
  return [{ protocol: "Payload", length: b.length, ...(text ? { text } : {}) }];
}

/** What an IPv4 or IPv6 packet carries, from its transport header on. */
function transport(next: number, b: Uint8Array, at: number, end: number): Layer[] {
  if (next === 1 && at + 8 <= end) return [icmp(b, at)];
  if (next === 58 && at + 4 <= end) {
    const [type, code] = [u8(b, at), u8(b, at + 1)];
    return [{ protocol: "ICMPv6", type, code, kind: ICMP6_KINDS[type] ?? `type ${type}` }];
  }
  if (next === 17 && at + 8 <= end) {
    const udp: UdpLayer = {
      protocol: "UDP",
      sport: u16(b, at),
      dport: u16(b, at + 2),
      length: u16(b, at + 4),
    };
    const body = b.subarray(at + 8, end);
    if ((VXLAN_PORTS.has(udp.dport) || VXLAN_PORTS.has(udp.sport)) && body.length >= 8) {
      const vni = (u8(body, 4) << 16) | u16(body, 5);
      return [udp, { protocol: "VXLAN", vni }, ...ethernet(body.subarray(8))];
    }
    if (udp.dport === 53 || udp.sport === 53) {
      const d = dns(body);
      if (d) return [udp, d];
    }
    return [udp, ...payload(body)];
  }
  if (next === 6 && at + 20 <= end) {
    const offset = (u8(b, at + 12) >> 4) * 4;
    const body = b.subarray(Math.min(at + offset, end), end);
    return [{
      protocol: "TCP",
      sport: u16(b, at),
      dport: u16(b, at + 2),
      flags: tcpFlags(u8(b, at + 13)),
      seq: u32(b, at + 4),
      ack: u32(b, at + 8),
      payload: body.length,
    }, ...payload(body)];
  }
  return payload(b.subarray(at, end));
}

/** An IP packet (version 4 or 6) and what it carries. */
function ip(b: Uint8Array): Layer[] {
  if (b.length >= 20 && u8(b, 0) >> 4 === 4) {
    const header = (u8(b, 0) & 0x0f) * 4;
    const length = u16(b, 2);
    const layer: Ipv4Layer = {
      protocol: "IPv4",
      src: ipv4(b, 12),
      dst: ipv4(b, 16),
      ttl: u8(b, 8),
      length,
      df: (u8(b, 6) & 0x40) !== 0,
      next: u8(b, 9),
    };
    return [layer, ...transport(layer.next, b, header, Math.min(length, b.length))];
  }
  if (b.length >= 40 && u8(b, 0) >> 4 === 6) {
    const layer: Ipv6Layer = {
      protocol: "IPv6",
      src: ipv6(b, 8),
      dst: ipv6(b, 24),
      hopLimit: u8(b, 7),
      next: u8(b, 6),
    };
    // A hop-by-hop options header (as multicast listener reports carry) comes first.
    const [next, at] = layer.next === 0 && b.length >= 48
      ? [u8(b, 40), 40 + (u8(b, 41) + 1) * 8]
      : [layer.next, 40];
    return [{ ...layer, next }, ...transport(next, b, at, b.length)];
  }
  return payload(b);
}

function arp(b: Uint8Array): Layer[] {
  if (b.length < 28) return payload(b);
  const op = u16(b, 6);
  return [{
    protocol: "ARP",
    op: op === 1 ? "request" : op === 2 ? "reply" : `op ${op}`,
    senderMac: mac(b, 8),
    senderIp: ipv4(b, 14),
    targetMac: mac(b, 18),
    targetIp: ipv4(b, 24),
  }];
}

/** What an EtherType says follows. */
function byType(type: number, b: Uint8Array): Layer[] {
  if (type === 0x0800 || type === 0x86dd) return ip(b);
  if (type === 0x0806) return arp(b);
  return payload(b);
}

/** An Ethernet frame (with an 802.1Q tag or not) and what it carries. */
export function ethernet(b: Uint8Array): Layer[] {
  if (b.length < 14) return payload(b);
  let type = u16(b, 12);
  let at = 14;
  let vlan: number | undefined;
  if (type === 0x8100 && b.length >= 18) {
    vlan = u16(b, 14) & 0x0fff;
    type = u16(b, 16);
    at = 18;
  }
  const layer: EthernetLayer = {
    protocol: "Ethernet",
    src: mac(b, 6),
    dst: mac(b, 0),
    type,
    ...(vlan !== undefined ? { vlan } : {}),
  };
  return [layer, ...byType(type, b.subarray(at))];
}

/** A frame of a capture of link type `linkType` (1 Ethernet, 113 SLL, 276 SLL2, 101 raw IP). */
export function decodeFrame(linkType: number, b: Uint8Array): Layer[] {
  switch (linkType) {
    case 1:
      return ethernet(b);
    case 113:
      return b.length < 16 ? payload(b) : byType(u16(b, 14), b.subarray(16));
    case 276:
      return b.length < 20 ? payload(b) : byType(u16(b, 0), b.subarray(20));
    case 101:
    case 12:
      return ip(b);
    default:
      return payload(b);
  }
}
