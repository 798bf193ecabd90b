/**
 * A small kube-proxy: Services and their endpoints in, the `iptables-restore` input that
 * kube-proxy's iptables mode would write out (kubernetes/kubernetes pkg/proxy/iptables/
 * proxier.go, syncProxyRules), rule for rule, in the order and with the words it uses. Pure.
 *
 * Written: the nat table (KUBE-SERVICES, KUBE-NODEPORTS, KUBE-POSTROUTING, KUBE-MARK-MASQ, and
 * per service port KUBE-SVC, KUBE-SVL, KUBE-EXT and one KUBE-SEP per endpoint), and of the filter
 * table the two chains that refuse traffic for a service without (local) endpoints,
 * KUBE-SERVICES and KUBE-EXTERNAL-SERVICES. Left out: the filter chains KUBE-FORWARD,
 * KUBE-NODEPORTS (health-check node ports), KUBE-FIREWALL and KUBE-PROXY-FIREWALL, NodePorts on
 * 127.0.0.1 (`localhostNodePorts`), session affinity, load-balancer source ranges (KUBE-FW),
 * internalTrafficPolicy, terminating endpoints, removing stale chains (`-X`), and the canary
 * chains (KUBE-PROXY-CANARY, KUBE-KUBELET-CANARY) it watches to notice a flush. MASQUERADE gets
 * `--random-fully`, as kube-proxy writes it where iptables supports it (`randomFully`).
 *
 * A partial sync (`changed`, kube-proxy 1.27 and later) writes the per-service chains of the
 * changed Services only, and the top-level chains whole, as syncProxyRules does when it is not
 * doing a full sync.
 */
import {
  servicePortChains,
  servicePortEndpointChainName,
  servicePortName,
} from "./kube_proxy_names.ts";
import { restoreInput } from "./kube_proxy_restore.ts";
import { type EndpointChain, KubeProxyRules, type ServicePortRules } from "./kube_proxy_rules.ts";
import type { KubeProxyEndpoint, KubeProxyOptions } from "./kube_proxy_service.ts";
import { endpointString, serviceEndpoints } from "./kube_proxy_endpoints.ts";

export type {
  KubeProxyEndpoint,
  KubeProxyOptions,
  KubeProxyService,
} from "./kube_proxy_service.ts";

const MARK = "0x4000";

/** 1/n with 10 decimals, as Go's `fmt.Sprintf("%0.10f", 1.0/float64(n))` (ties to even). */
export function probability(n: number): string {
  const scale = 10n ** 10n;
  const [q, r] = [scale / BigInt(n), scale % BigInt(n)];
  const up = 2n * r > BigInt(n) || (2n * r === BigInt(n) && q % 2n === 1n);
  const digits = String(q + (up ? 1n : 0n)).padStart(11, "0");
  return `${digits.slice(0, -10)}.${digits.slice(-10)}`;
}

/** Builds the restore input kube-proxy would write on `options.node` for these services. */
export function kubeProxy(options: KubeProxyOptions): KubeProxyRules {
  const { clusterCIDR } = options;
  const filterRules: string[] = [];
  const natChains = ["KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ"];
  const natRules = [
    `-A KUBE-POSTROUTING -m mark ! --mark ${MARK}/${MARK} -j RETURN`,
    `-A KUBE-POSTROUTING -j MARK --xor-mark ${MARK}`,
    `-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${
      options.randomFully === false ? "" : " --random-fully"
    }`,
    `-A KUBE-MARK-MASQ -j MARK --or-mark ${MARK}`,
  ];
  const reject = (chain: string, rule: string) => filterRules.push(`-A ${chain} ${rule}`);
  const summaries: ServicePortRules[] = [];
  const topChains = natChains;
  const topRules = natRules;

  for (const svc of options.services) {
    const name = servicePortName(svc.namespace, svc.name, svc.portName);
    const proto = (svc.protocol ?? "TCP").toLowerCase();
    const chains = servicePortChains(name, proto);
    const match = `-m ${proto} -p ${proto}`;
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
    const usesExt = hasEndpoints && external;
    const [filterTarget, filterComment] = !hasEndpoints
      ? ["REJECT", `"${name} has no endpoints"`]
      : ["DROP", `"${name} has no local endpoints"`];
    const dport = `--dport ${svc.port}`;
    // A partial sync leaves out the chains of Services that did not change (their rules are
    // still computed, then thrown away, as kube-proxy does).
    const keep = !options.changed || options.changed.includes(`${svc.namespace}/${svc.name}`);
    const serviceChains = keep ? topChains : [];
    const serviceRules = keep ? topRules : [];

    // Capture the cluster IP, the external IPs, the load-balancer IPs, the node port.
    if (hasEndpoints) {
      natRules.push(
        `-A KUBE-SERVICES -m comment --comment "${name} cluster IP" ${match} -d ${svc.clusterIP} ${dport} -j ${chains.svc}`,
      );
    } else {
      reject(
        "KUBE-SERVICES",
        `-m comment --comment ${filterComment} ${match} -d ${svc.clusterIP} ${dport} -j ${filterTarget}`,
      );
    }
    for (const [ips, what] of [[externalIPs, "external IP"], [lbIPs, "loadbalancer IP"]] as const) {
      for (const ip of ips) {
        if (hasEndpoints) {
          natRules.push(
            `-A KUBE-SERVICES -m comment --comment "${name} ${what}" ${match} -d ${ip} ${dport} -j ${chains.ext}`,
          );
        }
        if (!hasExternalEndpoints) {
          reject(
            "KUBE-EXTERNAL-SERVICES",
            `-m comment --comment ${filterComment} ${match} -d ${ip} ${dport} -j ${filterTarget}`,
          );
        }
      }
    }
    if (svc.nodePort !== undefined) {
      if (hasEndpoints) {
        natRules.push(
          `-A KUBE-NODEPORTS -m comment --comment ${name} ${match} --dport ${svc.nodePort} -j ${chains.ext}`,
        );
      }
      if (!hasExternalEndpoints) {
        reject(
          "KUBE-EXTERNAL-SERVICES",
          `-m comment --comment ${filterComment} -m addrtype --dst-type LOCAL ${match} --dport ${svc.nodePort} -j ${filterTarget}`,
        );
      }
    }
    if (!hasEndpoints) {
      summaries.push({
        name,
        clusterIP: svc.clusterIP,
        port: svc.port,
        nodePort: svc.nodePort,
        chains,
        endpoints: [],
        local: [],
      });
      continue;
    }

    // Traffic to the cluster IP from outside the pods' range is masqueraded.
    serviceRules.push(
      `-A ${chains.svc} -m comment --comment "${name} cluster IP" ${match} -d ${svc.clusterIP} ${dport} ! -s ${clusterCIDR} -j KUBE-MARK-MASQ`,
    );
    // External traffic: masquerade it (Cluster), or keep the client's address (Local).
    if (usesExt) {
      serviceChains.push(chains.ext);
      if (!local) {
        serviceRules.push(
          `-A ${chains.ext} -m comment --comment "masquerade traffic for ${name} external destinations" -j KUBE-MARK-MASQ`,
        );
      } else {
        serviceRules.push(
          `-A ${chains.ext} -m comment --comment "pod traffic for ${name} external destinations" -s ${clusterCIDR} -j ${chains.svc}`,
          `-A ${chains.ext} -m comment --comment "masquerade LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
          `-A ${chains.ext} -m comment --comment "route LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j ${chains.svc}`,
        );
      }
      if (hasExternalEndpoints) {
        serviceRules.push(`-A ${chains.ext} -j ${local ? chains.svl : chains.svc}`);
      }
    }
    // The load-balancing chains: one rule per endpoint, each taking 1/(the rest) of the traffic.
    const spread = (chain: string, eps: KubeProxyEndpoint[]): EndpointChain[] => {
      serviceChains.push(chain);
      return eps.map((ep, i) => {
        const sep = servicePortEndpointChainName(name, proto, endpointString(ep));
        const p = i < eps.length - 1 ? probability(eps.length - i) : undefined;
        const stat = p ? ` -m statistic --mode random --probability ${p}` : "";
        serviceRules.push(
          `-A ${chain} -m comment --comment "${name} -> ${endpointString(ep)}"${stat} -j ${sep}`,
        );
        return { endpoint: endpointString(ep), chain: sep, ...(p ? { probability: p } : {}) };
      });
    };
    const spreadAll = spread(chains.svc, endpoints);
    const spreadLocal = localEndpoints.length ? spread(chains.svl, localEndpoints) : [];
    // One chain per endpoint: mark a pod's traffic to itself (hairpin), then DNAT.
    for (const ep of endpoints) {
      const sep = servicePortEndpointChainName(name, proto, endpointString(ep));
      serviceChains.push(sep);
      serviceRules.push(
        `-A ${sep} -m comment --comment ${name} -s ${ep.ip} -j KUBE-MARK-MASQ`,
        `-A ${sep} -m comment --comment ${name} ${match} -j DNAT --to-destination ${
          endpointString(ep)
        }`,
      );
    }
    summaries.push({
      name,
      clusterIP: svc.clusterIP,
      port: svc.port,
      nodePort: svc.nodePort,
      chains,
      endpoints: spreadAll,
      local: spreadLocal,
      ...(usesExt
        ? { ext: local ? "Local" : "Cluster", external: [...externalIPs, ...lbIPs] }
        : {}),
    });
  }
  natRules.push(
    `-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`,
  );
  return new KubeProxyRules(
    restoreInput(filterRules, natChains, natRules, options.hooks ?? true),
    summaries,
  );
}
