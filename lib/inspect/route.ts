import { parseIpJson } from "./ip_json.ts";

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

type Json = Record<string, unknown>;

function gatewayOf(r: Json): string | undefined {
  if (typeof r.gateway === "string") return r.gateway;
  const via = r.via as { host?: string } | undefined;
  return via?.host;
}

function familyOf(r: Json): "inet" | "inet6" {
  const words = [r.dst, gatewayOf(r), r.prefsrc].filter((w) => typeof w === "string");
  return "pref" in r || words.some((w) => (w as string).includes(":")) ? "inet6" : "inet";
}

/** Parses `ip -j route show` (any table, either family). Pure. */
export function parseRoutes(text: string): Route[] {
  return parseIpJson(text, "ip -j route show").map((r) => {
    const route: Route = {
      dst: String(r.dst),
      family: familyOf(r),
      gateway: gatewayOf(r),
      dev: r.dev as string | undefined,
      protocol: (r.protocol as string | undefined) ?? "boot",
      scope: (r.scope as string | undefined) ?? "global",
      metric: (r.metric as number | undefined) ?? 0,
      table: (r.table as string | undefined) ?? "main",
      type: (r.type as string | undefined) ?? "unicast",
      prefsrc: r.prefsrc as string | undefined,
      flags: (r.flags as string[] | undefined) ?? [],
    };
    if (Array.isArray(r.nexthops)) {
      route.nexthops = (r.nexthops as Json[]).map((h) => ({
        gateway: gatewayOf(h),
        dev: h.dev as string | undefined,
        weight: h.weight as number | undefined,
      }));
    }
    for (const key of Object.keys(route) as (keyof Route)[]) {
      if (route[key] === undefined) delete route[key];
    }
    return route;
  });
}
