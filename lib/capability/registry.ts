/**
 * Every capability a notebook (or one cell) can require, in one place: how a lab proves it has
 * it, what provides it (a Debian package, a kernel module) and what it is for. Which kind of lab
 * can have it is the backend's to say (LabBackend.supplies). The front matter's `requires`, the
 * probes, the mode line's reasons and `deno task doctor` all read this table.
 */
export interface CapabilitySpec {
  /** A shell command, run inside the lab, that exits 0 when the lab has the capability. */
  probe: string;
  /** The Debian package that provides it (for tools, and for kernel features with a tool). */
  package?: string;
  /** The kernel module that provides it (a kernel feature). */
  module?: string;
  /** What it is for, in a few words, grouped by `doctor`. */
  group: CapabilityGroup;
}

/** What a capability enables, for `doctor`'s grouping. */
export type CapabilityGroup =
  | "the lab itself"
  | "links and bridges"
  | "tunnels and overlays"
  | "NAT and filtering"
  | "Services (kube-proxy IPVS)"
  | "traffic shaping"
  | "BGP (Calico)"
  | "Ingress"
  | "CNI plugins"
  | "servers, clients and captures";

/** A kernel link type, proved by creating (and deleting) one in the lab's own namespace. */
function link(type: string, extra = ""): string {
  return `ip link add nbprobe0 type ${type}${extra} && ip link del nbprobe0`;
}

/** A program on the lab's PATH. */
function program(...names: string[]): string {
  return names.map((n) => `command -v ${n}`).join(" && ");
}

/** Every capability's name, in the registry's order. */
export const CAPABILITIES = [
  "netns",
  "veth",
  "bridge",
  "br_netfilter",
  "ethtool",
  "vxlan",
  "ipip",
  "gre",
  "dummy",
  "iptables",
  "nftables",
  "conntrack",
  "ipvs",
  "ipset",
  "netem",
  "bird",
  "nginx",
  "cni",
  "socat",
  "curl",
  "tcpdump",
  "traceroute",
  "dnsmasq",
  "dig",
] as const;

/** A capability's name: a kernel feature or a tool a notebook (or one cell) can require. */
export type Capability = typeof CAPABILITIES[number];

/** Every capability, by name. */
export const REGISTRY: Readonly<Record<Capability, CapabilitySpec>> = {
  netns: { probe: "ip netns list", package: "iproute2", group: "the lab itself" },
  veth: {
    probe: link("veth", " peer name nbprobe1"),
    module: "veth",
    group: "links and bridges",
  },
  bridge: { probe: link("bridge"), module: "bridge", group: "links and bridges" },
  br_netfilter: {
    probe: "test -e /proc/sys/net/bridge/bridge-nf-call-iptables",
    module: "br_netfilter",
    group: "links and bridges",
  },
  ethtool: { probe: program("ethtool"), package: "ethtool", group: "links and bridges" },
  vxlan: {
    probe: link("vxlan", " id 42 dstport 4789"),
    module: "vxlan",
    group: "tunnels and overlays",
  },
  ipip: {
    probe: link("ipip", " remote 192.0.2.1"),
    module: "ipip",
    group: "tunnels and overlays",
  },
  gre: {
    probe: link("gre", " remote 192.0.2.1"),
    module: "ip_gre",
    group: "tunnels and overlays",
  },
  dummy: { probe: link("dummy"), module: "dummy", group: "Services (kube-proxy IPVS)" },
  iptables: {
    probe: "iptables -t nat -S",
    package: "iptables",
    group: "NAT and filtering",
  },
  nftables: {
    probe: `${program("nft")} && nft list ruleset`,
    package: "nftables",
    group: "NAT and filtering",
  },
  conntrack: {
    probe: program("conntrack"),
    package: "conntrack",
    group: "NAT and filtering",
  },
  ipvs: {
    probe: `${program("ipvsadm")} && ipvsadm -Ln`,
    package: "ipvsadm",
    module: "ip_vs",
    group: "Services (kube-proxy IPVS)",
  },
  ipset: {
    probe: `${program("ipset")} && ipset list -n`,
    package: "ipset",
    module: "ip_set",
    group: "Services (kube-proxy IPVS)",
  },
  netem: {
    probe: `${
      program("tc")
    } && tc qdisc add dev lo root netem delay 1ms && tc qdisc del dev lo root`,
    package: "iproute2",
    module: "sch_netem",
    group: "traffic shaping",
  },
  bird: { probe: program("bird", "birdc"), package: "bird2", group: "BGP (Calico)" },
  nginx: { probe: program("nginx"), package: "nginx-light", group: "Ingress" },
  cni: {
    probe: "test -x /usr/lib/cni/bridge",
    package: "containernetworking-plugins",
    group: "CNI plugins",
  },
  socat: {
    probe: program("socat"),
    package: "socat",
    group: "servers, clients and captures",
  },
  curl: {
    probe: program("curl"),
    package: "curl",
    group: "servers, clients and captures",
  },
  tcpdump: {
    // It must also be able to drop to its own user, which a lab with one id (rootless) cannot.
    probe: `${program("tcpdump")} && { timeout 0.5 tcpdump -ni any -c 1; test $? = 124; }`,
    package: "tcpdump",
    group: "servers, clients and captures",
  },
  traceroute: {
    probe: program("traceroute"),
    package: "traceroute",
    group: "servers, clients and captures",
  },
  dnsmasq: {
    probe: program("dnsmasq"),
    package: "dnsmasq-base",
    group: "servers, clients and captures",
  },
  dig: {
    probe: program("dig"),
    package: "bind9-dnsutils",
    group: "servers, clients and captures",
  },
};

/** Whether a word names a capability. */
export function isCapability(name: string): name is Capability {
  return Object.hasOwn(REGISTRY, name);
}

/** What a lab lacking `capability` is missing, in words that say how to get it. */
export function missingText(capability: Capability): string {
  const spec = REGISTRY[capability];
  if (spec.module && spec.package) {
    return `${capability} (the ${spec.module} kernel module and apt-get install ${spec.package})`;
  }
  if (spec.module) return `${capability} (the ${spec.module} kernel module)`;
  return `${capability} (apt-get install ${spec.package})`;
}

/** Another kind of lab a run could use, and every capability it can have (LabBackend.supplies). */
export interface LabOffer {
  kind: string;
  supplies: readonly Capability[];
}

/**
 * The kind of lab that has every one of `missing`, when it is not the lab the run has (`lab`, its
 * kind; undefined on replay): the first of `elsewhere` (the kinds besides the default, e.g. the
 * micro-VM for what only this machine's kernel lacks) that supplies them all. Undefined when no
 * other kind of lab would do.
 */
export function labThatHas(
  missing: readonly Capability[],
  lab: string | undefined,
  elsewhere: readonly LabOffer[] = [],
): string | undefined {
  if (!missing.length) return undefined;
  const other = elsewhere.find((o) =>
    o.kind !== lab && missing.every((c) => o.supplies.includes(c))
  );
  return other?.kind;
}

/**
 * Probes the given capabilities with `run` (a command runner inside the lab), all in one
 * command: each probe prints its name when it succeeds. The probes run in a network namespace
 * of their own that vanishes after, so the lab's own stays as fresh as a new one (no interface
 * indexes used up, no iptables tables made).
 */
export async function probeCapabilities(
  wanted: Iterable<Capability>,
  run: (command: string) => Promise<{ code: number; stdout: string }>,
): Promise<Set<Capability>> {
  const list = [...new Set(wanted)];
  if (!list.length) return new Set();
  const script = list.map((c) => `{ ${REGISTRY[c].probe}; } >/dev/null 2>&1 && echo ${c}`);
  const quoted = `'${(script.join("; ") + "; true").replaceAll("'", `'\\''`)}'`;
  const out = await run(`unshare --net -- bash -c ${quoted}`);
  const said = new Set(out.stdout.split("\n").map((l) => l.trim()));
  return new Set(list.filter((c) => said.has(c)));
}
