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

/** The fields of `ip -j route get` read here. */
const LOOKUP = {
  dst: "string",
  type: "string?",
  gateway: "string?",
  dev: "string",
  prefsrc: "string?",
  table: "string?",
  cache: "strings?",
} as const;

/** Parses `ip -j route get DST`. Pure. */
export function parseRouteGet(text: string): RouteLookup {
  const [r] = parseIpJson(text, "ip -j route get", LOOKUP);
  if (!r) throw new SyntaxError("ip -j route get printed no route");
  const lookup: RouteLookup = {
    dst: r.dst,
    type: r.type ?? "unicast",
    gateway: r.gateway ?? undefined,
    dev: r.dev,
    prefsrc: r.prefsrc ?? undefined,
    table: r.table ?? undefined,
    cache: r.cache ?? [],
  };
  for (const key of Object.keys(lookup) as (keyof RouteLookup)[]) {
    if (lookup[key] === undefined) delete lookup[key];
  }
  return lookup;
}
