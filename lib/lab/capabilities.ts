import type { Capability } from "../notebook/front_matter.ts";

/**
 * How to tell whether the lab has a capability: a command run inside the sandbox that exits 0
 * when it does. Kernel features are tried by creating (and so proving) a device in the lab's own
 * namespace; tools by finding their program.
 */
export const PROBES: Record<Capability, { check: string; missing: string }> = {
  netns: { check: "ip netns list", missing: "iproute2 (apt-get install iproute2)" },
  veth: {
    check: "ip link add nbprobe0 type veth peer name nbprobe1 && ip link del nbprobe0",
    missing: "the veth kernel module",
  },
  bridge: {
    check: "ip link add nbprobe0 type bridge && ip link del nbprobe0",
    missing: "the bridge kernel module",
  },
  vxlan: {
    check: "ip link add nbprobe0 type vxlan id 42 dstport 4789 && ip link del nbprobe0",
    missing: "the vxlan kernel module",
  },
  ipip: {
    check: "ip link add nbprobe0 type ipip remote 192.0.2.1 && ip link del nbprobe0",
    missing: "the ipip kernel module",
  },
  gre: {
    check: "ip link add nbprobe0 type gre remote 192.0.2.1 && ip link del nbprobe0",
    missing: "the ip_gre kernel module",
  },
  dummy: {
    check: "ip link add nbprobe0 type dummy && ip link del nbprobe0",
    missing: "the dummy kernel module",
  },
  ipvs: {
    check: "command -v ipvsadm && ipvsadm -Ln",
    missing: "IPVS (the ip_vs kernel module and apt-get install ipvsadm)",
  },
  netem: {
    check: "command -v tc && tc qdisc add dev lo root netem delay 1ms && tc qdisc del dev lo root",
    missing: "netem (the sch_netem kernel module and apt-get install iproute2)",
  },
  iptables: { check: "iptables -t nat -S", missing: "iptables (apt-get install iptables)" },
  conntrack: { check: "command -v conntrack", missing: "conntrack (apt-get install conntrack)" },
  ethtool: { check: "command -v ethtool", missing: "ethtool (apt-get install ethtool)" },
  bird: { check: "command -v bird && command -v birdc", missing: "BIRD (apt-get install bird2)" },
  nginx: { check: "command -v nginx", missing: "nginx (apt-get install nginx-light)" },
  cni: {
    check: "test -x /usr/lib/cni/bridge",
    missing: "the CNI plugins (apt-get install containernetworking-plugins)",
  },
  socat: { check: "command -v socat", missing: "socat (apt-get install socat)" },
  curl: { check: "command -v curl", missing: "curl (apt-get install curl)" },
  tcpdump: { check: "command -v tcpdump", missing: "tcpdump (apt-get install tcpdump)" },
};

/** Probes the given capabilities with `run` (a command runner inside the lab). */
export async function probeCapabilities(
  wanted: Iterable<Capability>,
  run: (command: string) => Promise<{ code: number }>,
): Promise<Set<Capability>> {
  const found = new Set<Capability>();
  for (const cap of new Set(wanted)) {
    if ((await run(`{ ${PROBES[cap].check}; } >/dev/null 2>&1`)).code === 0) found.add(cap);
  }
  return found;
}
