/**
 * What both of kube-proxy's modes (iptables and nftables) work out for one service port before
 * they write a rule: its endpoints in kube-proxy's order, the node's own, and where traffic from
 * outside the cluster may go.
 */
import type { KubeProxyEndpoint, KubeProxyService } from "./kube_proxy_service.ts";

/** "IP:port", as kube-proxy writes an endpoint and sorts endpoints (as strings). */
export function endpointString(ep: KubeProxyEndpoint): string {
  return `${ep.ip}:${ep.port}`;
}

/** One service port's endpoints, as kube-proxy's rule writers see them. */
export interface ServiceEndpoints {
  /** Every ready endpoint, sorted by endpointString. */
  endpoints: KubeProxyEndpoint[];
  /** externalTrafficPolicy is Local. */
  local: boolean;
  /** With externalTrafficPolicy Local, the endpoints on this node; otherwise none. */
  localEndpoints: KubeProxyEndpoint[];
  hasEndpoints: boolean;
  /** Traffic from outside has somewhere to go (any endpoint; with Local, a local one). */
  hasExternalEndpoints: boolean;
  externalIPs: string[];
  lbIPs: string[];
  /** It takes traffic from outside: a NodePort, external IPs or load-balancer IPs. */
  external: boolean;
}

/** Sorts a service port's endpoints and says which take traffic, for the node `node`. */
export function serviceEndpoints(svc: KubeProxyService, node?: string): ServiceEndpoints {
  const endpoints = [...svc.endpoints].sort((a, b) =>
    endpointString(a) < endpointString(b) ? -1 : endpointString(a) > endpointString(b) ? 1 : 0
  );
  const local = svc.externalTrafficPolicy === "Local";
  const localEndpoints = local
    ? endpoints.filter((e) => node !== undefined && e.node === node)
    : [];
  const hasEndpoints = endpoints.length > 0;
  const externalIPs = svc.externalIPs ?? [];
  const lbIPs = svc.loadBalancerIPs ?? [];
  return {
    endpoints,
    local,
    localEndpoints,
    hasEndpoints,
    hasExternalEndpoints: hasEndpoints && (!local || localEndpoints.length > 0),
    externalIPs,
    lbIPs,
    external: svc.nodePort !== undefined || externalIPs.length + lbIPs.length > 0,
  };
}
