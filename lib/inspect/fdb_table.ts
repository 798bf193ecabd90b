import { DISPLAY, type MimeBundle } from "../render/mime.ts";
import { parseIpJson } from "./ip_json.ts";
import { renderTable } from "./render_table.ts";

/** One forwarding database entry: where a bridge (or vxlan device) sends frames for a MAC. */
export interface FdbEntry {
  mac: string;
  /** The port (or device) the MAC is behind. */
  dev: string;
  /** The bridge the port belongs to: entries with a master are the bridge's own table. */
  master?: string;
  vlan?: number;
  /** The remote VTEP's IP, for vxlan entries. */
  dst?: string;
  /** "permanent", "static", or "" for a dynamic (learned) entry. */
  state: string;
  /** "self" (the device's own table), "master", "extern_learn", "offload", "sticky" ... */
  flags: string[];
}

/** Whether an entry is dynamic (learned from traffic; it ages out) rather than configured. */
/** The fields of `bridge -j fdb show` read here (older versions say "dev" for "ifname"). */
const FDB = {
  mac: "string",
  ifname: "string?",
  dev: "string?",
  state: "string?",
  flags: "strings?",
  master: "string?",
  vlan: "number?",
  dst: "string?",
} as const;

function dynamic(e: FdbEntry): boolean {
  return e.state === "";
}

/** A bridge forwarding database (`bridge -j fdb show`). */
export class FdbTable {
  constructor(readonly entries: readonly FdbEntry[], readonly caption?: string) {}

  /** Parses `bridge -j fdb show`. Pure. */
  static parse(text: string, caption?: string): FdbTable {
    return new FdbTable(
      parseIpJson(text, "bridge -j fdb show", FDB).map((f, n) => {
        const dev = f.ifname ?? f.dev;
        if (dev == null) {
          throw new SyntaxError(`bridge -j fdb show, entry ${n + 1}: no "ifname" (or "dev")`);
        }
        const entry: FdbEntry = { mac: f.mac, dev, state: f.state ?? "", flags: f.flags ?? [] };
        if (typeof f.master === "string") entry.master = f.master;
        if (typeof f.vlan === "number") entry.vlan = f.vlan;
        if (typeof f.dst === "string") entry.dst = f.dst;
        return entry;
      }),
      caption,
    );
  }

  /**
   * Only the dynamic entries: what the bridges learned from traffic, i.e. which MAC sits behind
   * which port (without the permanent entries for the ports' own and multicast MACs).
   */
  learned(): FdbTable {
    return new FdbTable(this.entries.filter(dynamic), this.caption);
  }

  /** The entries for one MAC address. */
  find(mac: string): FdbEntry[] {
    return this.entries.filter((e) => e.mac === mac.toLowerCase());
  }

  [DISPLAY](): MimeBundle {
    return renderTable({
      className: "nb-fdb",
      caption: this.caption,
      head: ["MAC", "Port", "Master", "VLAN", "Dst", "State", "Flags"],
      right: [3],
      optional: [3, 4],
      rows: this.entries.map((e) => ({
        cells: [
          e.mac,
          e.dev,
          e.master ?? "",
          e.vlan === undefined ? "" : String(e.vlan),
          e.dst ?? "",
          dynamic(e) ? "dynamic" : e.state,
          e.flags.join(" "),
        ],
      })),
      empty: "(no entries)",
    });
  }
}
