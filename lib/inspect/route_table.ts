import { DISPLAY, type MimeBundle } from "../render/mime.ts";
import { Prefix } from "./prefix.ts";
import { renderTable, type TableRow } from "./render_table.ts";
import { parseRoutes, type Route } from "./route.ts";
import type { RouteLookup } from "./route_lookup.ts";

/**
 * The route types `route -n` marks `!` (RTF_REJECT). For IPv4 the kernel sets that flag only on
 * unreachable and prohibit routes (fib_flag_trans); a blackhole or throw route reads as an
 * ordinary `U` route without an interface (`*`). IPv6 (`route -A inet6`) marks a blackhole `!`
 * too.
 */
const REJECT: Record<Route["family"], Set<string>> = {
  inet: new Set(["unreachable", "prohibit"]),
  inet6: new Set(["unreachable", "prohibit", "blackhole"]),
};

/** Whether `route -n` prints this route as a reject route (`!`, no gateway, no interface). */
function isReject(r: Route): boolean {
  return REJECT[r.family].has(r.type);
}

export interface RouteTableOptions {
  /** Where the routes come from, shown above the table, e.g. "namespace a". */
  caption?: string;
  /** The kernel's choice for one destination (`ip route get`): its row is highlighted. */
  lookup?: RouteLookup;
}

function prefixOf(r: Route): Prefix {
  return Prefix.parse(r.dst, r.family);
}

/**
 * route -n's flags, as net-tools prints what the kernel reports in /proc/net/route: U (the
 * kernel sets it on every route it lists, a link that is down included), G via a gateway, H a
 * host route (/32); a reject route (unreachable, prohibit) prints `!` and H only.
 */
export function routeFlags(r: Route): string {
  const p = prefixOf(r);
  const host = p.length === p.size ? "H" : "";
  if (isReject(r)) return `!${host}`;
  return ["U", r.gateway || r.nexthops?.some((h) => h.gateway) ? "G" : "", host].join("");
}

/** The index of the row `ip route get` chose, or -1 when it is not in this table. */
function chosenIndex(routes: readonly Route[], l: RouteLookup): number {
  const table = l.table ?? (l.type === "local" || l.type === "broadcast" ? "local" : "main");
  const dst = Prefix.parse(l.dst);
  const fits = routes.map((r, i) => ({ r, i })).filter(({ r }) =>
    r.type === l.type && r.table === table && prefixOf(r).contains(dst) &&
    (l.type !== "unicast" || r.dev === l.dev || r.nexthops?.some((h) => h.dev === l.dev))
  );
  // The gateway must agree too, unless the kernel learned another one (an ICMP redirect).
  const strict = fits.filter(({ r }) => r.gateway === l.gateway || Boolean(r.nexthops));
  const best = (strict.length ? strict : fits).sort((a, b) =>
    prefixOf(b.r).length - prefixOf(a.r).length || a.r.metric - b.r.metric
  );
  return best[0]?.i ?? -1;
}

function describe(l: RouteLookup): string {
  const from = l.prefsrc ? `, from ${l.prefsrc}` : "";
  if (l.type === "local") {
    return `${l.dst} is local: delivered inside this namespace (dev ${l.dev})`;
  }
  if (l.type !== "unicast") return `${l.dst}: ${l.type} route, dev ${l.dev}`;
  if (l.gateway) return `${l.dst} goes via ${l.gateway} dev ${l.dev}${from}`;
  return `${l.dst} goes directly (on-link, no gateway) dev ${l.dev}${from}`;
}

/**
 * A routing table in the classic `route -n` shape (Destination, Gateway, Genmask, Flags, Metric,
 * Iface) plus Proto and Scope, and Table and Type when it holds more than main's unicast routes.
 * With a lookup (`ip route get`), the route the kernel chose is marked.
 */
export class RouteTable {
  readonly routes: readonly Route[];
  readonly caption?: string;
  readonly lookup?: RouteLookup;

  constructor(routes: readonly Route[], options: RouteTableOptions = {}) {
    this.routes = routes;
    this.caption = options.caption;
    this.lookup = options.lookup;
  }

  /** Parses `ip -j route show` (or `... table all`). Pure. */
  static parse(text: string, options: RouteTableOptions = {}): RouteTable {
    return new RouteTable(parseRoutes(text), options);
  }

  /** The same table with the route `ip route get` chose marked. */
  highlight(lookup: RouteLookup): RouteTable {
    return new RouteTable(this.routes, { caption: this.caption, lookup });
  }

  /** The route the lookup chose, when it is in this table. */
  get chosen(): Route | undefined {
    if (!this.lookup) return undefined;
    return this.routes[chosenIndex(this.routes, this.lookup)];
  }

  /** The route whose destination is written `dst` ("default", "192.168.1.0/24" ...). */
  find(dst: string): Route | undefined {
    return this.routes.find((r) => r.dst === dst);
  }

  [DISPLAY](): MimeBundle {
    const chosen = this.lookup ? chosenIndex(this.routes, this.lookup) : -1;
    const extra = this.routes.some((r) => r.table !== "main" || r.type !== "unicast");
    const head = [
      "Destination",
      "Gateway",
      "Genmask",
      "Flags",
      "Metric",
      "Iface",
      "Proto",
      "Scope",
    ];
    if (extra) head.push("Table", "Type");
    const rows: TableRow[] = this.routes.map((r, i) => {
      const p = prefixOf(r);
      const none = r.family === "inet" ? "0.0.0.0" : "::";
      // route -n prints a reject route's gateway and interface as "-", and a route without an
      // interface (a blackhole) with "*".
      const reject = isReject(r);
      const gateway = reject
        ? "-"
        : r.nexthops
        ? r.nexthops.map((h) => h.gateway ?? none).join(",")
        : r.gateway ?? none;
      const dev = reject
        ? r.dev ?? "-"
        : r.nexthops
        ? r.nexthops.map((h) => h.dev ?? "*").join(",")
        : r.dev ?? "*";
      const cells = [p.address, gateway, p.mask, routeFlags(r), String(r.metric), dev];
      cells.push(r.protocol, r.scope);
      if (extra) cells.push(r.table, r.type);
      return i === chosen ? { cells, marker: "→", className: "nb-chosen" } : { cells };
    });
    const notes: string[] = [];
    if (this.lookup) {
      notes.push(`→ ${describe(this.lookup)}`);
      if (chosen < 0) {
        const table = this.lookup.table ?? (this.lookup.type === "unicast" ? "main" : "local");
        notes.push(`  (that route is not listed above: it is in table ${table})`);
      }
    }
    return renderTable({
      className: "nb-routes",
      caption: this.caption,
      head,
      rows,
      right: [4],
      notes,
      empty: "(no routes)",
    });
  }
}
