/**
 * A small kube-proxy in nftables mode: Services and their endpoints in, the ruleset kube-proxy's
 * nftables mode (GA in Kubernetes 1.33) leaves in the kernel after a full sync out, as `nft -f`
 * input (kubernetes/kubernetes pkg/proxy/nftables/proxier.go: setupNFTables, syncProxyRules,
 * writeServiceToEndpointRules). One table, `ip kube-proxy`, holds everything; a packet finds its
 * Service in one lookup of the verdict map `service-ips` (address . protocol . port), however
 * many Services there are, where the iptables mode tries one rule per Service. Pure.
 *
 * Written as the objects a sync leaves (what upstream's tests compare, in an order `nft -f`
 * accepts: each chain before the rules and map elements that jump to it); kube-proxy's own
 * transaction also flushes every chain before refilling it, and on its first sync deletes and
 * re-adds the base chains. The base chains are those of Kubernetes 1.34 and later (pre-DNAT
 * filter chains at priority -110, the rest at 0; 1.33 had filter-prerouting, -input, -forward
 * and -output at -110 and filter-output-post-dnat at -90). Left out: internalTrafficPolicy,
 * terminating and not-ready endpoints, masqueradeAll, IPv6, and the stale-chain clean-up of
 * later syncs.
 */
import { Prefix } from "../inspect/prefix.ts";
import {
  NFT_PREFIX,
  nftServiceChains,
  servicePortEndpointChainNameBase,
} from "./kube_proxy_nft_names.ts";
import { KubeProxyNftRules, type NftServicePort } from "./kube_proxy_nft_rules.ts";
import type { KubeProxyEndpoint, KubeProxyOptions } from "./kube_proxy_service.ts";
import { endpointString, serviceEndpoints } from "./kube_proxy_endpoints.ts";

const TABLE = "ip kube-proxy";
const MARK = "0x4000";
const NO_LOCALHOST = "ip daddr != 127.0.0.0/8";

/** The base chains, hooked into netfilter: name, type, hook, priority (nftablesBaseChains). */
const BASE_CHAINS: [string, "filter" | "nat", string, number][] = [
  ["filter-prerouting-pre-dnat", "filter", "prerouting", -110],
  ["filter-output-pre-dnat", "filter", "output", -110],
  ["filter-forward", "filter", "forward", 0],
  ["filter-input", "filter", "input", 0],
  ["filter-output", "filter", "output", 0],
  ["nat-prerouting", "nat", "prerouting", -100],
  ["nat-output", "nat", "output", -100],
  ["nat-postrouting", "nat", "postrouting", 100],
];

/** The regular chains the base chains jump to: [to, from, condition] (nftablesJumpChains). */
const JUMP_CHAINS: [string, string, string][] = [
  ["nodeport-endpoints-check", "filter-input", "ct state new"],
  ["service-endpoints-check", "filter-input", "ct state new"],
  ["service-endpoints-check", "filter-forward", "ct state new"],
  ["service-endpoints-check", "filter-output", "ct state new"],
  ["firewall-check", "filter-prerouting-pre-dnat", "ct state new"],
  ["firewall-check", "filter-output-pre-dnat", "ct state new"],
  ["services", "nat-output", ""],
  ["services", "nat-prerouting", ""],
  ["masquerading", "nat-postrouting", ""],
  ["cluster-ips-check", "filter-forward", "ct state new"],
  ["cluster-ips-check", "filter-output", "ct state new"],
];

const CONTAINER = "ipv4_addr . inet_proto . inet_service : verdict";
const PORT_CONTAINER = "inet_proto . inet_service : verdict";

/** Writes `nft -f` lines: objects, rules and map elements of table ip kube-proxy. */
class Ruleset {
  readonly lines: string[] = [];
  #chains = new Set<string>();

  line(text: string): void {
    this.lines.push(text);
  }

  /** `add chain`, once per chain (ensureChain). */
  chain(name: string, spec = ""): void {
    if (this.#chains.has(name)) return;
    this.#chains.add(name);
    this.line(`add chain ${TABLE} ${name}${spec ? ` { ${spec} ; }` : ""}`);
  }

  rule(chain: string, rule: string, comment?: string): void {
    this.line(`add rule ${TABLE} ${chain} ${rule}${comment ? ` comment "${comment}"` : ""}`);
  }

  set(name: string, spec: string): void {
    this.line(`add set ${TABLE} ${name} { ${spec} ; }`);
  }

  map(name: string, type: string, comment: string): void {
    this.line(`add map ${TABLE} ${name} { type ${type} ; comment "${comment}" ; }`);
  }

  element(container: string, key: string[], value?: string, comment?: string): void {
    const k = key.join(" . ") + (comment ? ` comment "${comment}"` : "");
    this.line(`add element ${TABLE} ${container} { ${value ? `${k} : ${value}` : k} }`);
  }
}

/** The fixed part of the table: base chains, their jumps, the maps, masquerading (setupNFTables). */
function setup(r: Ruleset, o: KubeProxyOptions): void {
  const nodePortIPs = o.nodePortAddresses ?? [];
  r.line(`add table ${TABLE} { comment "rules for kube-proxy" ; }`);
  for (const [name, type, hook, priority] of BASE_CHAINS) {
    r.chain(name, `type ${type} hook ${hook} priority ${priority}`);
  }
  for (const [to, from, condition] of JUMP_CHAINS) {
    r.chain(to);
    r.rule(from, `${condition ? `${condition} ` : ""}jump ${to}`);
  }
  for (const chain of ["services", "cluster-ips-check", "masquerading", "mark-for-masquerade"]) {
    r.chain(chain);
  }
  r.rule("mark-for-masquerade", `mark set mark or ${MARK}`);
  r.rule("masquerading", `mark and ${MARK} == 0 return`);
  r.rule("masquerading", `mark set mark xor ${MARK}`);
  r.rule("masquerading", "masquerade fully-random");
  r.set("cluster-ips", `type ipv4_addr ; comment "Active ClusterIPs"`);
  r.rule(
    "cluster-ips-check",
    "ip daddr @cluster-ips reject",
    "Reject traffic to invalid ports of ClusterIPs",
  );
  if (o.serviceCIDRs?.length) {
    r.rule(
      "cluster-ips-check",
      `ip daddr { ${o.serviceCIDRs.join(",")} } drop`,
      "Drop traffic to unallocated ClusterIPs",
    );
  }
  if (nodePortIPs.length) {
    r.set("nodeport-ips", `type ipv4_addr ; comment "IPs that accept NodePort traffic"`);
    for (const ip of nodePortIPs) r.element("nodeport-ips", [ip]);
  }
  r.map(
    "no-endpoint-services",
    CONTAINER,
    "vmap to drop or reject packets to services with no endpoints",
  );
  r.map(
    "no-endpoint-nodeports",
    PORT_CONTAINER,
    "vmap to drop or reject packets to service nodeports with no endpoints",
  );
  r.chain("reject-chain", `comment "helper for @no-endpoint-services / @no-endpoint-nodeports"`);
  r.rule("reject-chain", "reject");
  r.rule(
    "service-endpoints-check",
    "ip daddr . meta l4proto . th dport vmap @no-endpoint-services",
  );
  const nodePortDst = nodePortIPs.length ? "ip daddr @nodeport-ips" : NO_LOCALHOST;
  r.rule(
    "nodeport-endpoints-check",
    `${nodePortDst} meta l4proto . th dport vmap @no-endpoint-nodeports`,
  );
  r.map("firewall-ips", CONTAINER, "destinations that are subject to LoadBalancerSourceRanges");
  r.rule("firewall-check", "ip daddr . meta l4proto . th dport vmap @firewall-ips");
  r.map("service-ips", CONTAINER, "ClusterIP, ExternalIP and LoadBalancer IP traffic");
  r.map("service-nodeports", PORT_CONTAINER, "NodePort traffic");
  r.rule("services", "ip daddr . meta l4proto . th dport vmap @service-ips");
  r.rule(
    "services",
    `${
      nodePortIPs.length ? "ip daddr @nodeport-ips" : `fib daddr type local ${NO_LOCALHOST}`
    } meta l4proto . th dport vmap @service-nodeports`,
  );
}

/** Builds the ruleset kube-proxy's nftables mode leaves on `options.node` for these services. */
export function kubeProxyNft(options: KubeProxyOptions): KubeProxyNftRules {
  const r = new Ruleset();
  setup(r, options);
  const { clusterCIDR } = options;
  const summaries: NftServicePort[] = [];

  for (const svc of options.services) {
    const portName = svc.portName ?? "";
    const name = `${svc.namespace}/${svc.name}${portName ? `:${portName}` : ""}`;
    const proto = (svc.protocol ?? "TCP").toLowerCase();
    const chains = nftServiceChains(svc.namespace, svc.name, proto, portName);
    const {
      endpoints,
      local,
      localEndpoints,
      hasEndpoints,
      hasExternalEndpoints,
      externalIPs,
      lbIPs,
      external,
    } = serviceEndpoints(svc, options.node);
    const epChain = (ep: KubeProxyEndpoint, prefix: string = NFT_PREFIX.endpoint) =>
      prefix + servicePortEndpointChainNameBase(svc.namespace, svc.name, proto, portName, ep);
    const usesExternal = hasEndpoints && external;
    const sourceRanges = svc.loadBalancerSourceRanges ?? [];
    const usesFirewall = lbIPs.length > 0 && sourceRanges.length > 0;
    const affinity = svc.sessionAffinityTimeout;
    const externalPolicyChain = local ? chains.local : chains.service;
    const [internalVerdict, externalVerdict] = !hasEndpoints
      ? ["goto reject-chain", "goto reject-chain"]
      : [undefined, hasExternalEndpoints ? undefined : "drop"];
    const key = (ip: string) => [ip, proto, String(svc.port)];

    r.line("");
    r.line(`# ${name}`);
    // The chains first, so that the elements and rules below can jump to them.
    for (const ep of endpoints) r.chain(epChain(ep));
    if (hasEndpoints) r.chain(chains.service);
    if (localEndpoints.length) r.chain(chains.local);
    if (usesExternal) r.chain(chains.external);

    // Capture the cluster IP, the external IPs, the load-balancer IPs, the node port.
    r.element("cluster-ips", [svc.clusterIP]);
    if (hasEndpoints) r.element("service-ips", key(svc.clusterIP), `goto ${chains.service}`);
    else r.element("no-endpoint-services", key(svc.clusterIP), internalVerdict, name);
    for (const ip of externalIPs) {
      if (hasEndpoints) r.element("service-ips", key(ip), `goto ${chains.external}`);
      if (externalVerdict) r.element("no-endpoint-services", key(ip), externalVerdict, name);
    }
    if (usesFirewall) r.chain(chains.firewall);
    for (const ip of lbIPs) {
      if (hasEndpoints) r.element("service-ips", key(ip), `goto ${chains.external}`);
      if (usesFirewall) r.element("firewall-ips", key(ip), `goto ${chains.firewall}`);
    }
    if (externalVerdict) {
      for (const ip of lbIPs) r.element("no-endpoint-services", key(ip), externalVerdict, name);
    }
    if (svc.nodePort !== undefined) {
      const portKey = [proto, String(svc.nodePort)];
      if (hasEndpoints) r.element("service-nodeports", portKey, `goto ${chains.external}`);
      if (externalVerdict) r.element("no-endpoint-nodeports", portKey, externalVerdict, name);
    }

    // Traffic to the cluster IP from outside the pods' range is masqueraded.
    if (hasEndpoints) {
      r.rule(
        chains.service,
        `ip daddr ${svc.clusterIP} ip saddr != ${clusterCIDR} jump mark-for-masquerade`,
      );
    }
    // External traffic: masquerade it (Cluster), or keep the client's address (Local).
    if (usesExternal) {
      if (!local) r.rule(chains.external, "jump mark-for-masquerade");
      else {
        r.rule(
          chains.external,
          `ip saddr ${clusterCIDR} goto ${chains.service}`,
          "short-circuit pod traffic",
        );
        r.rule(
          chains.external,
          "fib saddr type local jump mark-for-masquerade",
          "masquerade local traffic",
        );
        r.rule(
          chains.external,
          `fib saddr type local goto ${chains.service}`,
          "short-circuit local traffic",
        );
      }
      if (hasExternalEndpoints) r.rule(chains.external, `goto ${externalPolicyChain}`);
    }
    if (usesFirewall) {
      const sources = [...sourceRanges];
      const nodeIP = options.nodeIP;
      if (nodeIP && sourceRanges.some((range) => Prefix.parse(range).contains(nodeIP))) {
        sources.push(...lbIPs);
      }
      r.rule(chains.firewall, `ip saddr != { ${sources.join(" , ")} } drop`);
    }
    if (affinity !== undefined) {
      for (const ep of endpoints) {
        r.set(
          epChain(ep, NFT_PREFIX.affinity),
          `type ipv4_addr ; flags dynamic,timeout ; timeout ${affinity}s`,
        );
      }
    }
    // The load-balancing rule: a random number from 0 to n-1 picks one endpoint's chain.
    const spread = (chain: string, eps: KubeProxyEndpoint[]) => {
      if (affinity !== undefined) {
        for (const ep of eps) {
          r.rule(chain, `ip saddr @${epChain(ep, NFT_PREFIX.affinity)} goto ${epChain(ep)}`);
        }
      }
      const choices = eps.map((ep, i) => `${i} : goto ${epChain(ep)}`).join(" , ");
      r.rule(chain, `numgen random mod ${eps.length} vmap { ${choices} }`);
      return eps.map((ep, i) => ({ index: i, endpoint: endpointString(ep), chain: epChain(ep) }));
    };
    const spreadAll = hasEndpoints ? spread(chains.service, endpoints) : [];
    const spreadLocal = localEndpoints.length ? spread(chains.local, localEndpoints) : [];
    // One chain per endpoint: mark a pod's traffic to itself (hairpin), then DNAT.
    for (const ep of endpoints) {
      r.rule(epChain(ep), `ip saddr ${ep.ip} jump mark-for-masquerade`);
      if (affinity !== undefined) {
        r.rule(epChain(ep), `update @${epChain(ep, NFT_PREFIX.affinity)} { ip saddr }`);
      }
      r.rule(epChain(ep), `meta l4proto ${proto} dnat to ${endpointString(ep)}`);
    }
    summaries.push({
      name,
      protocol: proto,
      clusterIP: svc.clusterIP,
      port: svc.port,
      nodePort: svc.nodePort,
      chains,
      endpoints: spreadAll,
      local: spreadLocal,
      ...(usesExternal ? { external: [...externalIPs, ...lbIPs] } : {}),
    });
  }
  return new KubeProxyNftRules(r.lines.join("\n") + "\n", summaries);
}
