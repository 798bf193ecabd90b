import { DISPLAY, type MimeBundle } from "../render/mime.ts";
import { encodePcap, PCAP_MIME } from "../render/pcap_attachment.ts";
import { parsePcap } from "./pcap_file.ts";
import { decodeFrame, type Layer } from "./packet_layers.ts";
import { renderTable } from "./render_table.ts";

export type { Layer } from "./packet_layers.ts";

/** The layer of protocol `P`. */
export type LayerOf<P extends Layer["protocol"]> = Extract<Layer, { protocol: P }>;

/** What tcpdump counted: packets it wrote, packets the kernel handed it, packets lost. */
export interface CaptureCounts {
  captured: number;
  received: number;
  dropped: number;
}

/** One captured packet: its number, time, length on the wire, and its headers. */
export class Packet {
  constructor(
    /** 1 for the first packet of the capture. */
    readonly number: number,
    /** Seconds since the capture's first packet. */
    readonly time: number,
    /** Its length on the wire, in bytes (a frame's, with its Ethernet header). */
    readonly length: number,
    /** Its headers, outermost first (a VXLAN packet: the outer ones, then the inner frame's). */
    readonly layers: readonly Layer[],
  ) {}

  /** The outermost layer of protocol `p` (the outer IPv4 header of a tunnelled packet). */
  first<P extends Layer["protocol"]>(p: P): LayerOf<P> | undefined {
    return this.layers.find((l): l is LayerOf<P> => l.protocol === p);
  }

  /** The innermost layer of protocol `p` (the inner IPv4 header of a tunnelled packet). */
  last<P extends Layer["protocol"]>(p: P): LayerOf<P> | undefined {
    return this.layers.findLast((l): l is LayerOf<P> => l.protocol === p);
  }

  /** The protocols, outermost first: "Ethernet/IPv4/UDP/VXLAN/Ethernet/IPv4/ICMP". */
  get stack(): string {
    return this.layers.map((l) => l.protocol).join("/");
  }
}

/** Source, destination, protocol and info of a packet, as Wireshark's packet list shows them. */
interface Row {
  source: string;
  destination: string;
  protocol: string;
  info: string;
}

function port(layer: Layer | undefined, mask: boolean): [string, string] {
  if (layer?.protocol !== "UDP" && layer?.protocol !== "TCP") return ["", ""];
  const p = (n: number) => mask && n >= 32768 ? "<port>" : String(n);
  return [p(layer.sport), p(layer.dport)];
}

function describe(packet: Packet, mask = false): Row {
  const layers = packet.layers;
  const at = (p: Layer["protocol"]) => layers.findLastIndex((l) => l.protocol === p);
  const netIndex = Math.max(at("IPv4"), at("IPv6"), at("ARP"));
  const net = layers[netIndex];
  const top = layers.slice(netIndex + 1);
  const transport = top.find((l) => l.protocol === "UDP" || l.protocol === "TCP");
  const [sport, dport] = port(transport, mask);
  const id = (n: number) => mask ? "<n>" : String(n);
  let protocol: string = top.findLast((l) => l.protocol !== "Payload")?.protocol ?? net?.protocol ??
    "";
  let info = "";
  const last = top.findLast((l) => l.protocol !== "Payload");
  const data = top.find((l) => l.protocol === "Payload");
  switch (last?.protocol) {
    case "ICMP":
      info = last.kind + (last.id !== undefined ? ` id ${id(last.id)} seq ${last.seq}` : "");
      break;
    case "ICMPv6":
      info = last.kind;
      break;
    case "DNS": {
      const q = last.questions.map((x) => `${x.type} ${x.name}`).join(", ");
      const hex = mask ? "<id>" : `0x${last.id.toString(16).padStart(4, "0")}`;
      if (!last.response) info = `query ${hex} ${q}`;
      else {
        const answers = last.answers.map((a) => `${a.type} ${a.data}`).join(", ");
        info = `response ${hex} ${q}: ${
          last.rcode !== "NOERROR" ? last.rcode : answers || "no answer"
        }`;
      }
      break;
    }
    case "TCP":
      info = `${sport} → ${dport} [${last.flags}] len ${last.payload}`;
      break;
    case "UDP":
      info = `${sport} → ${dport} len ${last.length - 8}`;
      break;
  }
  if (data?.protocol === "Payload" && data.text) {
    if (/^(GET|POST|PUT|HEAD|DELETE) \S+ HTTP\/|^HTTP\/\d/.test(data.text)) protocol = "HTTP";
    info += ` · ${data.text}`;
  }
  if (net?.protocol === "ARP") {
    info = net.op === "request"
      ? `who has ${net.targetIp}? tell ${net.senderIp}`
      : `${net.senderIp} is at ${net.senderMac}`;
    protocol = "ARP";
  }
  // A tunnelled packet: say what carried it.
  const vxlan = layers.findIndex((l) => l.protocol === "VXLAN");
  if (vxlan > 0) {
    const outer = layers.slice(0, vxlan).findLast((l) => l.protocol === "IPv4");
    const [os, od] = port(layers[vxlan - 1], mask);
    const v = layers[vxlan] as LayerOf<"VXLAN">;
    if (outer?.protocol === "IPv4") {
      info += ` · in VXLAN vni ${v.vni}, ${outer.src}:${os} → ${outer.dst}:${od}`;
    }
  }
  const [source, destination] = net?.protocol === "ARP"
    ? [net.senderIp, net.targetIp]
    : net?.protocol === "IPv4" || net?.protocol === "IPv6"
    ? [net.src, net.dst]
    : (() => {
      const eth = packet.first("Ethernet");
      return [eth?.src ?? "", eth?.dst ?? ""];
    })();
  return { source, destination, protocol, info: info.replace(/^ · /, "") };
}

/** Where a capture was made, and with what filter. */
export interface CaptureWhere {
  /** The network namespace (undefined: the lab host). */
  ns?: string;
  dev: string;
  filter?: string;
}

/**
 * Packets tcpdump captured: a table in Wireshark's packet-list shape (No., Time, Source,
 * Destination, Protocol, Length, Info), and the capture file itself, which the exports keep
 * beside the page for Wireshark (its bytes travel in the bundle as application/vnd.tcpdump.pcap).
 */
export class PacketCapture {
  constructor(
    readonly packets: readonly Packet[],
    /** The capture file, as tcpdump wrote it. */
    readonly pcap: Uint8Array,
    readonly where: CaptureWhere,
    /** tcpdump's own counts, when it reported them. */
    readonly counts?: CaptureCounts,
  ) {}

  /** Reads a capture file tcpdump wrote. Pure. */
  static parse(pcap: Uint8Array, where: CaptureWhere, counts?: CaptureCounts): PacketCapture {
    const file = parsePcap(pcap);
    const t0 = file.records[0]?.time ?? 0;
    const packets = file.records.map((r, i) =>
      new Packet(i + 1, r.time - t0, r.length, decodeFrame(file.linkType, r.data))
    );
    return new PacketCapture(packets, pcap, where, counts);
  }

  get caption(): string {
    const { ns, dev, filter } = this.where;
    return `packets on ${dev} in ${ns === undefined ? "the lab host" : `namespace ${ns}`}${
      filter ? ` (${filter})` : ""
    }`;
  }

  [DISPLAY](): MimeBundle {
    const c = this.counts;
    const notes = [
      `${this.packets.length} packet${this.packets.length === 1 ? "" : "s"}` +
      (c
        ? `; tcpdump: ${c.captured} captured, ${c.received} received by filter, ${c.dropped} dropped by kernel`
        : ""),
      `the capture file (${this.pcap.length} bytes) is kept with the exported notebook: open it in Wireshark`,
    ];
    const table = renderTable({
      className: "nb-packets",
      caption: this.caption,
      head: ["No.", "Time", "Source", "Destination", "Protocol", "Length", "Info"],
      right: [0, 1, 5],
      rows: this.packets.map((p) => {
        const row = describe(p);
        return {
          cells: [
            String(p.number),
            p.time.toFixed(6),
            row.source,
            row.destination,
            row.protocol,
            String(p.length),
            row.info,
          ],
        };
      }),
      notes,
      empty: "(no packets captured)",
    });
    return { ...table, [PCAP_MIME]: encodePcap(this.pcap) };
  }
}

/**
 * One line per packet of a capture file, without what varies between two honest runs (times,
 * ephemeral ports, ICMP and DNS ids): what a live run and its recording are compared on. Pure.
 */
export function captureDigest(pcap: Uint8Array): string {
  const capture = PacketCapture.parse(pcap, { dev: "" });
  return capture.packets.map((p) => {
    const r = describe(p, true);
    return `${r.protocol} ${r.source} → ${r.destination} ${p.length} ${r.info}`;
  }).join("\n");
}
