import { parseIpJson } from "./ip_json.ts";

/** The route the kernel chose for one destination, as `ip -j route get DST` reports it. */
export interface RouteLookup {
  dst: string;
  /** "unicast", or "local" when the address is this namespace's own. */
  type: string;
  gateway?: string;
  dev: string;
  /** The source address the kernel would use. */
  prefsrc?: string;
  /** The table the route came from, when ip names it (it does not for "main"). */
  table?: string;
  /** Route cache notes, e.g. "redirected", "local". */
  cache: string[];
}

/** Parses `ip -j route get DST`. Pure. */
export function parseRouteGet(text: string): RouteLookup {
  const [r] = parseIpJson(text, "ip -j route get");
  if (!r) throw new SyntaxError("ip -j route get printed no route");
  const lookup: RouteLookup = {
    dst: String(r.dst),
    type: (r.type as string | undefined) ?? "unicast",
    gateway: r.gateway as string | undefined,
    dev: String(r.dev),
    prefsrc: r.prefsrc as string | undefined,
    table: r.table as string | undefined,
    cache: (r.cache as string[] | undefined) ?? [],
  };
  for (const key of Object.keys(lookup) as (keyof RouteLookup)[]) {
    if (lookup[key] === undefined) delete lookup[key];
  }
  return lookup;
}
