import { parseIpJson } from "./ip_json.ts";

/** A namespace as `ip netns list` knows it: its name, and this namespace's id for it, if any. */
export interface NetnsEntry {
  name?: string;
  id?: number;
}

/** The fields of `ip -j netns list` (or `list-id`) read here. */
const NETNS = { name: "string?", id: "number?", nsid: "number?" } as const;

/**
 * Parses `ip -j netns list` ([{"name":"a","id":0}]; no id until one is assigned) or
 * `ip -j netns list-id` ([{"nsid":0}], with a name when ip finds one). Pure.
 */
export function parseNetnsList(text: string): NetnsEntry[] {
  return parseIpJson(text, "ip -j netns list", NETNS).map((e) => {
    const id = e.id ?? e.nsid;
    return {
      ...(typeof e.name === "string" ? { name: e.name } : {}),
      ...(typeof id === "number" ? { id } : {}),
    };
  });
}
