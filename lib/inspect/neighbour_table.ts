import { DISPLAY, type MimeBundle } from "../render/mime.ts";
import { parseIpJson } from "./ip_json.ts";
import { renderTable } from "./render_table.ts";

/** One entry of the neighbour (ARP / NDP) table: which MAC answers for an IP on a link. */
export interface Neighbour {
  /** The neighbour's IP address. */
  dst: string;
  dev: string;
  /** Its MAC address; absent while unresolved (INCOMPLETE, FAILED). */
  lladdr?: string;
  /** NUD states: REACHABLE, STALE, DELAY, PROBE, FAILED, PERMANENT, NOARP ... */
  state: string[];
  /** The neighbour said it is a router (IPv6). */
  router?: boolean;
}

/** The fields of `ip -j neigh show` read here. */
const NEIGHBOUR = { dst: "string", dev: "string", state: "strings?", lladdr: "string?" } as const;

/** A namespace's neighbour table (`ip -j neigh show`). */
export class NeighbourTable {
  constructor(readonly entries: readonly Neighbour[], readonly caption?: string) {}

  /** Parses `ip -j neigh show`. Pure. */
  static parse(text: string, caption?: string): NeighbourTable {
    return new NeighbourTable(
      parseIpJson(text, "ip -j neigh show", NEIGHBOUR).map((n) => {
        const entry: Neighbour = { dst: n.dst, dev: n.dev, state: n.state ?? [] };
        if (typeof n.lladdr === "string") entry.lladdr = n.lladdr;
        // ip prints the router flag as `"router": null` (a key with no value).
        if ("router" in n && n.router !== false) entry.router = true;
        return entry;
      }),
      caption,
    );
  }

  /** The entry for one IP address. */
  get(dst: string): Neighbour | undefined {
    return this.entries.find((n) => n.dst === dst);
  }

  [DISPLAY](): MimeBundle {
    return renderTable({
      className: "nb-neighbours",
      caption: this.caption,
      head: ["Address", "Iface", "MAC", "State"],
      rows: this.entries.map((n) => ({
        cells: [
          n.dst,
          n.dev,
          n.lladdr ?? "(incomplete)",
          [...n.state, ...(n.router ? ["router"] : [])].join(" "),
        ],
      })),
      empty: "(no neighbours yet: nothing has been resolved with ARP)",
    });
  }
}
