/** What lab.kubeProxy takes: Services as the API server holds them, and the node it runs on. */

/** One ready endpoint of a service port: a pod's address and the port it listens on. */
export interface KubeProxyEndpoint {
  ip: string;
  port: number;
  /** The node the pod runs on (an EndpointSlice's nodeName). */
  node?: string;
}

/** One port of a Service (a Service with two ports is two of these). */
export interface KubeProxyService {
  namespace: string;
  name: string;
  /** The port's name ("http"); a Service with a single port may leave it out. */
  portName?: string;
  /** Default TCP. */
  protocol?: "TCP" | "UDP" | "SCTP";
  clusterIP: string;
  port: number;
  /** type NodePort or LoadBalancer: the port opened on every node. */
  nodePort?: number;
  /** spec.externalIPs. */
  externalIPs?: string[];
  /** type LoadBalancer: status.loadBalancer.ingress[].ip. */
  loadBalancerIPs?: string[];
  /** Default "Cluster". "Local": external traffic goes to this node's endpoints only. */
  externalTrafficPolicy?: "Cluster" | "Local";
  /**
   * sessionAffinity ClientIP: how long (seconds, Kubernetes' default 10800) a client sticks to
   * the endpoint it was given. Written by lab.kubeProxyNft; lab.kubeProxy leaves it out.
   */
  sessionAffinityTimeout?: number;
  /**
   * spec.loadBalancerSourceRanges: the only sources a load-balancer IP accepts. Written by
   * lab.kubeProxyNft; lab.kubeProxy leaves it out.
   */
  loadBalancerSourceRanges?: string[];
  endpoints: KubeProxyEndpoint[];
}

export interface KubeProxyOptions {
  services: KubeProxyService[];
  /** The pods' address range (kube-proxy's --cluster-cidr): what counts as pod traffic. */
  clusterCIDR: string;
  /** The node this kube-proxy runs on: endpoints with this `node` are local. */
  node?: string;
  /**
   * Also write the jumps from the built-in chains (nat PREROUTING and OUTPUT to KUBE-SERVICES,
   * POSTROUTING to KUBE-POSTROUTING, ...). kube-proxy makes sure they exist with separate
   * `iptables -C` / `iptables -I` commands, outside its restore input; here they go in the same
   * input, with `-I`. Default true: pass false when loading again (a second sync), or they would
   * be inserted twice.
   */
  hooks?: boolean;
  /**
   * `--random-fully` on the MASQUERADE rule, which kube-proxy adds where iptables supports it
   * (iptables 1.6.2 and later, as in this lab). Default true; kube-proxy's own tests run with a
   * fake iptables without it.
   */
  randomFully?: boolean;
  /**
   * A partial sync (kube-proxy 1.27 and later, MinimizeIPTablesRestore): the Services
   * ("namespace/name") whose Service or endpoints changed since the last sync. Only their
   * KUBE-SVC, KUBE-SVL, KUBE-EXT and KUBE-SEP chains are written; with `--noflush`, the other
   * Services' chains keep their rules and counters. The top-level chains are always written
   * whole. Undefined: a full sync (at start, after a failed sync, and once an hour).
   */
  changed?: string[];
  /**
   * lab.kubeProxyNft: the node addresses that accept NodePorts (--nodeport-addresses; the
   * nftables mode's default, "primary", is the node's own address). Omitted: every local
   * address but 127.0.0.0/8.
   */
  nodePortAddresses?: string[];
  /**
   * lab.kubeProxyNft: the Service ranges (ServiceCIDRs); traffic to an address in them that no
   * Service holds is dropped. Omitted: no such rule.
   */
  serviceCIDRs?: string[];
  /** lab.kubeProxyNft: the node's own address (a source range that holds it admits the node). */
  nodeIP?: string;
}
