/**
 * The classic libpcap file format, as `tcpdump -w` writes it (and Wireshark opens): a 24-byte
 * header (magic, version, snapshot length, link type), then each packet as a 16-byte record
 * header (time, bytes kept, bytes on the wire) and its bytes. Pure.
 */

/** One packet of a capture file. */
export interface PcapRecord {
  /** When it was captured, in seconds since 1970 (microseconds or nanoseconds kept). */
  time: number;
  /** Its length on the wire, in bytes. */
  length: number;
  /** The bytes kept (at most the snapshot length). */
  data: Uint8Array;
}

/** A capture file's contents. */
export interface PcapFile {
  /** The link-layer type: 1 Ethernet, 113 Linux cooked (SLL), 276 Linux cooked v2 (SLL2). */
  linkType: number;
  snapLength: number;
  records: PcapRecord[];
}

/** Reads a libpcap file (either byte order, microsecond or nanosecond times). */
export function parsePcap(bytes: Uint8Array): PcapFile {
  if (bytes.length < 24) {
    throw new SyntaxError(`not a pcap file: ${bytes.length} bytes, a pcap header has 24`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, true);
  const kinds: Record<number, [boolean, number]> = {
    0xa1b2c3d4: [true, 1e6],
    0xd4c3b2a1: [false, 1e6],
    0xa1b23c4d: [true, 1e9],
    0x4d3cb2a1: [false, 1e9],
  };
  const kind = kinds[magic];
  if (!kind) {
    throw new SyntaxError(
      `not a pcap file: it starts with 0x${magic.toString(16)}, not a pcap magic`,
    );
  }
  const [little, fraction] = kind;
  const u32 = (at: number) => view.getUint32(at, little);
  const file: PcapFile = { snapLength: u32(16), linkType: u32(20) & 0x0fffffff, records: [] };
  let at = 24;
  while (at + 16 <= bytes.length) {
    const kept = u32(at + 8);
    if (at + 16 + kept > bytes.length) break; // cut short: the writer had not finished it
    file.records.push({
      time: u32(at) + u32(at + 4) / fraction,
      length: u32(at + 12),
      data: bytes.subarray(at + 16, at + 16 + kept),
    });
    at += 16 + kept;
  }
  return file;
}
