/**
 * Chain names exactly as kube-proxy's iptables mode computes them (kubernetes/kubernetes,
 * pkg/proxy/iptables/proxier.go: portProtoHash, servicePortEndpointChainName): the first 16
 * characters of base32(sha256(servicePortName + protocol [+ endpoint])). Iptables allows 28
 * characters in a chain name; the hash keeps them short and stable. Pure.
 */
// A pure module (not node:crypto): the notebook's worker loads no Node compatibility layer.
import { sha256 } from "../npm/noble_hashes.ts";
import { base32 } from "./kube_proxy_base32.ts";

function hash16(text: string): string {
  return base32(sha256(new TextEncoder().encode(text))).slice(0, 16);
}

/**
 * A service port's name as kube-proxy prints it (`ServicePortName.String()`):
 * `namespace/name:port`, or `namespace/name` for a port without a name.
 */
export function servicePortName(namespace: string, name: string, portName = ""): string {
  return `${namespace}/${name}${portName ? `:${portName}` : ""}`;
}

/** The per-service chains of one service port; `protocol` in lower case ("tcp"). */
export interface ServicePortChains {
  /** KUBE-SVC-…: spreads traffic over every endpoint ("Cluster" traffic policy). */
  svc: string;
  /** KUBE-SVL-…: spreads traffic over this node's endpoints only ("Local" traffic policy). */
  svl: string;
  /** KUBE-EXT-…: where NodePort and load-balancer traffic enters. */
  ext: string;
  /** KUBE-FW-…: load-balancer source ranges (not written by this helper). */
  fw: string;
}

/** The chains of one service port, all four sharing one hash. */
export function servicePortChains(servicePort: string, protocol: string): ServicePortChains {
  const h = hash16(servicePort + protocol);
  return { svc: `KUBE-SVC-${h}`, svl: `KUBE-SVL-${h}`, ext: `KUBE-EXT-${h}`, fw: `KUBE-FW-${h}` };
}

/** KUBE-SEP-…: one endpoint (`IP:port`) of one service port; the endpoint is in the hash. */
export function servicePortEndpointChainName(
  servicePort: string,
  protocol: string,
  endpoint: string,
): string {
  return `KUBE-SEP-${hash16(servicePort + protocol + endpoint)}`;
}
