import { DISPLAY, type MimeBundle } from "../render/mime.ts";
import { type Checked, checkShape, parseIpJson } from "./ip_json.ts";
import { renderTable, type TableRow } from "./render_table.ts";

/** One address of an interface. */
export interface Address {
  family: "inet" | "inet6";
  /** The address itself, e.g. "192.168.1.11". */
  local: string;
  prefixlen: number;
  /** "global", "link" (fe80::), "host" (127.0.0.1). */
  scope: string;
  /** The other end of a point-to-point address, when there is one. */
  peer?: string;
  broadcast?: string;
  /** IPv6 duplicate address detection has not finished: the address is not usable yet. */
  tentative?: boolean;
}

/** An interface and its addresses, as `ip -j addr show` reports them. */
export interface Interface {
  index: number;
  name: string;
  /** Operational state: "UP", "DOWN", "UNKNOWN" (lo) ... */
  state: string;
  flags: string[];
  mtu: number;
  mac?: string;
  addresses: Address[];
}

/** The fields of `ip -j addr show` read here. */
const INTERFACE = {
  ifindex: "number",
  ifname: "string",
  operstate: "string?",
  flags: "strings?",
  mtu: "number",
  address: "string?",
  addr_info: "objects?",
} as const;

const ADDRESS = {
  family: "string",
  local: "string",
  prefixlen: "number",
  scope: "string?",
  address: "string?",
  broadcast: "string?",
  tentative: "boolean?",
} as const;

function address(a: Checked<typeof ADDRESS>): Address {
  const out: Address = {
    family: a.family === "inet6" ? "inet6" : "inet",
    local: a.local,
    prefixlen: a.prefixlen,
    scope: a.scope ?? "global",
  };
  if (typeof a.address === "string") out.peer = a.address;
  if (typeof a.broadcast === "string") out.broadcast = a.broadcast;
  if (a.tentative) out.tentative = true;
  return out;
}

/** The addresses of a namespace's interfaces (`ip -j addr show`). */
export class AddressTable {
  constructor(readonly interfaces: readonly Interface[], readonly caption?: string) {}

  /** Parses `ip -j addr show`. Pure. */
  static parse(text: string, caption?: string): AddressTable {
    return new AddressTable(
      parseIpJson(text, "ip -j addr show", INTERFACE).map((i, n) => ({
        index: i.ifindex,
        name: i.ifname,
        state: i.operstate ?? "UNKNOWN",
        flags: i.flags ?? [],
        mtu: i.mtu,
        ...(typeof i.address === "string" ? { mac: i.address } : {}),
        addresses: (i.addr_info ?? []).map((a, k) =>
          address(checkShape(a, ADDRESS, `ip -j addr show, entry ${n + 1}, address ${k + 1}`))
        ),
      })),
      caption,
    );
  }

  /** One interface by name. */
  get(name: string): Interface | undefined {
    return this.interfaces.find((i) => i.name === name);
  }

  /** Every address, with its interface's name. */
  get addresses(): (Address & { ifname: string })[] {
    return this.interfaces.flatMap((i) => i.addresses.map((a) => ({ ...a, ifname: i.name })));
  }

  [DISPLAY](): MimeBundle {
    const rows: TableRow[] = this.interfaces.flatMap((i) =>
      i.addresses.length
        ? i.addresses.map((a) => ({
          cells: [
            i.name,
            i.state,
            a.family,
            `${a.local}${a.peer ? ` peer ${a.peer}` : ""}/${a.prefixlen}`,
            a.scope + (a.tentative ? " (tentative)" : ""),
          ],
        }))
        : [{ cells: [i.name, i.state, "", "(no address)", ""] }]
    );
    return renderTable({
      className: "nb-addresses",
      caption: this.caption,
      head: ["Iface", "State", "Family", "Address", "Scope"],
      rows,
      empty: "(no interfaces)",
    });
  }
}
