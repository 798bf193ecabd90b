/**
 * A picture of this machine's own state (the real host, as the test process sees it): links,
 * addresses, routes, rules, iptables and nft rules, forwarding sysctls, /run/netns, the mount
 * table, the hostname, /etc, the files a hostile lab would try to create, and control groups
 * that labs left behind. Two snapshots taken before and after a lab run must be identical: the lab may
 * never change the host. Fields that change on their own (counters, lifetimes, timers, dates)
 * are removed, so that an idle host always gives the same snapshot.
 */

import { labCgroups } from "../../lib/lab/lab_cgroup.ts";

/** What a snapshot holds, by what was read; the host's named namespaces are read by name. */
export type HostSnapshot = Record<string, string> & { "/run/netns": string };

/** Keys of `ip -j` objects whose values move on their own. */
const VOLATILE_KEYS = new Set([
  "stats",
  "stats64",
  "valid_life_time",
  "preferred_life_time",
  "expires",
  "used",
  "age",
]);

function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !VOLATILE_KEYS.has(k) && !k.endsWith("_timer"))
        .map(([k, v]) => [k, clean(v)]),
    );
  }
  return value;
}

async function run(cmd: string, args: string[]): Promise<string | undefined> {
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
    const text = new TextDecoder().decode(out.stdout);
    if (!out.success) {
      return `(${cmd} ${args.join(" ")} exited ${out.code}: ${
        new TextDecoder().decode(out.stderr).trim()
      })`;
    }
    return text;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/** `ip -j ...`, parsed, cleaned, and printed one line per object so that diffs read well. */
async function ipJson(args: string[]): Promise<string> {
  const text = await run("ip", ["-j", ...args]);
  if (text === undefined) throw new Error("ip (iproute2) is not installed");
  if (text.startsWith("(")) return text;
  const list = clean(JSON.parse(text || "[]")) as unknown[];
  return list.map((o) => JSON.stringify(o)).join("\n");
}

/** iptables-save output without its date comments and without packet/byte counters. */
async function iptablesSave(cmd: string): Promise<string> {
  const text = await run(cmd, []);
  if (text === undefined) return "(not installed)";
  return text.split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("#"))
    .map((l) => l.replace(/\[\d+:\d+\]/g, "[-]"))
    .join("\n");
}

async function nftRuleset(): Promise<string> {
  const text = await run("nft", ["list", "ruleset"]);
  if (text === undefined) return "(not installed)";
  return text.split("\n")
    .filter((l) => l.trim() !== "" && !l.trim().startsWith("#"))
    .map((l) =>
      l.replace(/packets \d+ bytes \d+/g, "packets - bytes -")
        .replace(/(expires|timeout) [0-9hms.d]+/g, "$1 -")
    )
    .join("\n");
}

function alive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

async function listDir(path: string): Promise<string> {
  try {
    const names: string[] = [];
    for await (const e of Deno.readDir(path)) names.push(e.name);
    return names.sort().join("\n") || "(empty)";
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return "(absent)";
    throw e;
  }
}

async function readTrimmed(path: string): Promise<string> {
  return await Deno.readTextFile(path).then((t) => t.trim(), () => "(absent)");
}

/** Mount points, with their type and source (not their ids, which are not stable). */
async function mounts(): Promise<string> {
  const text = await Deno.readTextFile("/proc/self/mountinfo");
  return text.split("\n").filter(Boolean).map((line) => {
    const [left = "", right = ""] = line.split(" - ");
    const point = left.split(" ")[4];
    const [fstype, source] = right.split(" ");
    return `${point} ${fstype} ${source}`;
  }).join("\n");
}

/** Paths a hostile lab command would try to create on the host. */
export const SENTINELS = [
  "/root/netbook-escape",
  "/etc/netbook-escape",
  "/etc/netns",
  "/var/tmp/netbook-escape",
  "/tmp/netbook-escape",
  "/usr/netbook-escape",
];

/** A folder's entries with their kind, size and modification time, one per line. */
async function tree(path: string): Promise<string> {
  const lines: string[] = [];
  for await (const e of Deno.readDir(path)) {
    const info = await Deno.lstat(`${path}/${e.name}`).catch(() => undefined);
    lines.push(
      `${e.name} ${
        e.isDirectory ? "d" : e.isSymlink ? "l" : "f"
      } ${info?.size} ${info?.mtime?.getTime()}`,
    );
  }
  return lines.sort().join("\n");
}

/** Takes a snapshot of the host: its network state, hostname, mounts and the files a lab could touch. */
export async function hostSnapshot(): Promise<HostSnapshot> {
  const [link, addr, route4, route6, rule4, rule6, ipt4, ipt6, nft] = await Promise.all([
    ipJson(["-d", "link"]),
    ipJson(["addr"]),
    ipJson(["route", "show", "table", "all"]),
    ipJson(["-6", "route", "show", "table", "all"]),
    ipJson(["rule"]),
    ipJson(["-6", "rule"]),
    iptablesSave("iptables-save"),
    iptablesSave("ip6tables-save"),
    nftRuleset(),
  ]);
  return {
    "ip link": link,
    "ip addr": addr,
    "ip route": route4,
    "ip -6 route": route6,
    "ip rule": rule4,
    "ip -6 rule": rule6,
    "iptables-save": ipt4,
    "ip6tables-save": ipt6,
    "nft list ruleset": nft,
    "/run/netns": await listDir("/run/netns"),
    "net.ipv4.ip_forward": await readTrimmed("/proc/sys/net/ipv4/ip_forward"),
    "net.ipv6.conf.all.forwarding": await readTrimmed("/proc/sys/net/ipv6/conf/all/forwarding"),
    "mounts": await mounts(),
    "hostname": await readTrimmed("/proc/sys/kernel/hostname"),
    "domainname": await readTrimmed("/proc/sys/kernel/domainname"),
    "/etc": await tree("/etc"),
    // Control groups that labs of runs no longer alive left behind (those of runs going on now,
    // here or in another checkout, come and go).
    "lab cgroups left": (await labCgroups())
      .filter((dir) => !alive(Number(/netbook-lab-(\d+)-/.exec(dir)?.[1])))
      .join("\n"),
    "sentinels": (await Promise.all(
      SENTINELS.map(async (p) =>
        `${p}: ${await Deno.lstat(p).then(() => "present", () => "absent")}`
      ),
    )).join("\n"),
  };
}

/**
 * What changed between two snapshots, for an assertion message: per section, the lines that
 * went away (-) and the lines that appeared (+). Empty when nothing changed.
 */
export function snapshotDiff(before: HostSnapshot, after: HostSnapshot): string {
  const out: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[key] ?? "(missing)";
    const b = after[key] ?? "(missing)";
    if (a === b) continue;
    const al = a.split("\n");
    const bl = b.split("\n");
    const gone = al.filter((l) => !bl.includes(l)).map((l) => `  - ${l}`);
    const added = bl.filter((l) => !al.includes(l)).map((l) => `  + ${l}`);
    const moved = gone.length || added.length ? [] : ["  (same lines, different order)"];
    out.push(`${key} changed:`, ...gone, ...added, ...moved);
  }
  return out.join("\n");
}
