import { type Checked, checkShape, parseIpJson } from "./ip_json.ts";

/** One route as `ip -j route show` reports it, with the kernel's defaults filled in. */
export interface Route {
  /** As ip prints it: "default", "192.168.1.0/24", or an address alone for a host route. */
  dst: string;
  family: "inet" | "inet6";
  gateway?: string;
  dev?: string;
  /** Who added it: "kernel", "static", "bird" ...; "boot" (ip's default) when ip omits it. */
  protocol: string;
  /** "link", "host", or "global" (ip omits global). */
  scope: string;
  metric: number;
  /** "main" unless the route comes from another table (`ip route show table all`). */
  table: string;
  /** "unicast" unless ip says otherwise ("local", "broadcast", "blackhole" ...). */
  type: string;
  prefsrc?: string;
  /** ip's flags, e.g. "onlink", "linkdown". */
  flags: string[];
  /** The paths of a multipath route. */
  nexthops?: { gateway?: string; dev?: string; weight?: number }[];
}

/** The fields of `ip -j route show` read here. */
const ROUTE = {
  dst: "string",
  gateway: "string?",
  via: "object?",
  dev: "string?",
  protocol: "string?",
  scope: "string?",
  metric: "number?",
  table: "string?",
  type: "string?",
  prefsrc: "string?",
  flags: "strings?",
  nexthops: "objects?",
} as const;

/** The fields of one path of a multipath route. */
const NEXTHOP = { gateway: "string?", via: "object?", dev: "string?", weight: "number?" } as const;

function gatewayOf(r: Checked<{ gateway: "string?"; via: "object?" }>, where: string) {
  if (r.gateway != null) return r.gateway;
  return r.via ? checkShape(r.via, { host: "string" }, `${where}, "via"`).host : undefined;
}

function familyOf(r: Checked<typeof ROUTE>, where: string): "inet" | "inet6" {
  const words = [r.dst, gatewayOf(r, where), r.prefsrc];
  return "pref" in r || words.some((w) => w?.includes(":")) ? "inet6" : "inet";
}

/** Parses `ip -j route show` (any table, either family). Pure. */
export function parseRoutes(text: string): Route[] {
  const command = "ip -j route show";
  return parseIpJson(text, command, ROUTE).map((r, n) => {
    const where = `${command}, entry ${n + 1}`;
    const route: Route = {
      dst: r.dst,
      family: familyOf(r, where),
      gateway: gatewayOf(r, where),
      dev: r.dev ?? undefined,
      protocol: r.protocol ?? "boot",
      scope: r.scope ?? "global",
      metric: r.metric ?? 0,
      table: r.table ?? "main",
      type: r.type ?? "unicast",
      prefsrc: r.prefsrc ?? undefined,
      flags: r.flags ?? [],
    };
    if (r.nexthops) {
      route.nexthops = r.nexthops.map((o, k) => {
        const h = checkShape(o, NEXTHOP, `${where}, nexthop ${k + 1}`);
        return {
          gateway: gatewayOf(h, where),
          dev: h.dev ?? undefined,
          weight: h.weight ?? undefined,
        };
      });
    }
    for (const key of Object.keys(route) as (keyof Route)[]) {
      if (route[key] === undefined) delete route[key];
    }
    return route;
  });
}
