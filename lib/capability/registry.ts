/**
 * Every capability a notebook (or one cell) can require, in one place: how a lab proves it has
 * it, what provides it (a Debian package, a kernel module), what it is for, and whether the
 * micro-VM lab brings it when the host lacks it. The front matter's `requires`, the probes, the
 * mode line's reasons and `deno task doctor` all read this table.
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
  /**
   * The micro-VM lab has it even where the host's kernel lacks it (its tools are this machine's
   * own, from its /usr: a tool the host lacks, the VM lacks too).
   */
  vm: boolean;
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
  netns: { probe: "ip netns list", package: "iproute2", group: "the lab itself", vm: true },
  veth: {
    probe: link("veth", " peer name nbprobe1"),
    module: "veth",
    group: "links and bridges",
    vm: true,
  },
  bridge: { probe: link("bridge"), module: "bridge", group: "links and bridges", vm: true },
  br_netfilter: {
    probe: "test -e /proc/sys/net/bridge/bridge-nf-call-iptables",
    module: "br_netfilter",
    group: "links and bridges",
    vm: true,
  },
  ethtool: { probe: program("ethtool"), package: "ethtool", group: "links and bridges", vm: true },
  vxlan: {
    probe: link("vxlan", " id 42 dstport 4789"),
    module: "vxlan",
    group: "tunnels and overlays",
    vm: true,
  },
  ipip: {
    probe: link("ipip", " remote 192.0.2.1"),
    module: "ipip",
    group: "tunnels and overlays",
    vm: true,
  },
  gre: {
    probe: link("gre", " remote 192.0.2.1"),
    module: "ip_gre",
    group: "tunnels and overlays",
    vm: true,
  },
  dummy: { probe: link("dummy"), module: "dummy", group: "Services (kube-proxy IPVS)", vm: true },
  iptables: {
    probe: "iptables -t nat -S",
    package: "iptables",
    group: "NAT and filtering",
    vm: true,
  },
  nftables: {
    probe: `${program("nft")} && nft list ruleset`,
    package: "nftables",
    group: "NAT and filtering",
    vm: false,
  },
  conntrack: {
    probe: program("conntrack"),
    package: "conntrack",
    group: "NAT and filtering",
    vm: true,
  },
  ipvs: {
    probe: `${program("ipvsadm")} && ipvsadm -Ln`,
    package: "ipvsadm",
    module: "ip_vs",
    group: "Services (kube-proxy IPVS)",
    vm: true,
  },
  ipset: {
    probe: `${program("ipset")} && ipset list -n`,
    package: "ipset",
    module: "ip_set",
    group: "Services (kube-proxy IPVS)",
    vm: true,
  },
  netem: {
    probe: `${
      program("tc")
    } && tc qdisc add dev lo root netem delay 1ms && tc qdisc del dev lo root`,
    package: "iproute2",
    module: "sch_netem",
    group: "traffic shaping",
    vm: true,
  },
  bird: { probe: program("bird", "birdc"), package: "bird2", group: "BGP (Calico)", vm: true },
  nginx: { probe: program("nginx"), package: "nginx-light", group: "Ingress", vm: false },
  cni: {
    probe: "test -x /usr/lib/cni/bridge",
    package: "containernetworking-plugins",
    group: "CNI plugins",
    vm: false,
  },
  socat: {
    probe: program("socat"),
    package: "socat",
    group: "servers, clients and captures",
    vm: true,
  },
  curl: {
    probe: program("curl"),
    package: "curl",
    group: "servers, clients and captures",
    vm: true,
  },
  tcpdump: {
    // It must also be able to drop to its own user, which a lab with one id (rootless) cannot.
    probe: `${program("tcpdump")} && { timeout 0.5 tcpdump -ni any -c 1; test $? = 124; }`,
    package: "tcpdump",
    group: "servers, clients and captures",
    vm: true,
  },
  traceroute: {
    probe: program("traceroute"),
    package: "traceroute",
    group: "servers, clients and captures",
    vm: true,
  },
  dnsmasq: {
    probe: program("dnsmasq"),
    package: "dnsmasq-base",
    group: "servers, clients and captures",
    vm: false,
  },
  dig: {
    probe: program("dig"),
    package: "bind9-dnsutils",
    group: "servers, clients and captures",
    vm: false,
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

/**
 * The kind of lab that has every one of `missing`, when it is not the lab the run has (`lab`, its
 * kind; undefined on replay): the micro-VM ("vm") for what only this machine's kernel lacks.
 * Undefined when no other kind of lab would do.
 */
export function labThatHas(missing: readonly Capability[], lab?: string): string | undefined {
  if (!missing.length || lab === "vm") return undefined;
  return missing.every((c) => REGISTRY[c].vm) ? "vm" : undefined;
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
