/**
 * Names exactly as kube-proxy's nftables mode computes them (kubernetes/kubernetes,
 * pkg/proxy/nftables/proxier.go: hashAndTruncate, servicePortChainNameBase,
 * servicePortEndpointChainNameBase). Unlike the iptables mode, which hides a service behind 16
 * characters of hash (KUBE-SVC-XPGD46QRK7WJZT7O), a name here is readable: the first 8
 * characters of base32(sha256(name)), a dash, then the name itself, with `/` between its parts
 * (`ULMVA6XW-ns1/svc1/tcp/p80`). The hash keeps names that differ in one digit easy to tell
 * apart, and unique if one ever had to be cut short. Pure.
 */
// A pure module (not node:crypto): the notebook's worker loads no Node compatibility layer.
import { sha256 } from "../npm/noble_hashes.ts";
import { base32 } from "./kube_proxy_base32.ts";

/** nftables' limit on a name (knftables.NameLengthMax). */
const NAME_LENGTH_MAX = 256;
/** The longest prefix kube-proxy puts before a base name ("endpoint-" and the like), with room. */
const PREFIX_LENGTH_MAX = 16;
const BASE_LENGTH_MAX = NAME_LENGTH_MAX - PREFIX_LENGTH_MAX;

/** The prefixes of the per-service and per-endpoint chains and sets. */
export const NFT_PREFIX = {
  /** Spreads traffic over every endpoint (the "Cluster" traffic policy). */
  service: "service-",
  /** Spreads traffic over this node's endpoints only (the "Local" traffic policy). */
  local: "local-",
  /** Where NodePort, external-IP and load-balancer traffic enters. */
  external: "external-",
  /** One endpoint: mark hairpin traffic for masquerade, then DNAT. */
  endpoint: "endpoint-",
  /** Session affinity: the clients an endpoint has recently served. */
  affinity: "affinity-",
  /** loadBalancerSourceRanges: drops what comes from elsewhere. */
  firewall: "firewall-",
} as const;

/** `hashAndTruncate`: 8 characters of base32(sha256(name)), a dash, the name (cut at 240). */
export function hashAndTruncate(name: string): string {
  const hash = base32(sha256(new TextEncoder().encode(name))).slice(0, 8);
  const full = `${hash}-${name}`;
  return full.length > BASE_LENGTH_MAX ? full.slice(0, BASE_LENGTH_MAX - 3) + "..." : full;
}

/**
 * A service port's base name: `HASH-namespace/name/protocol/portName` (protocol in lower case;
 * an unnamed port leaves the last part empty).
 */
export function servicePortChainNameBase(
  namespace: string,
  name: string,
  protocol: string,
  portName = "",
): string {
  return hashAndTruncate(`${namespace}/${name}/${protocol}/${portName}`);
}

/**
 * An endpoint's base name: the service port's, `__`, then the endpoint's `IP/port` (an IPv6
 * address with dots for its colons, which a name may not hold).
 */
export function servicePortEndpointChainNameBase(
  namespace: string,
  name: string,
  protocol: string,
  portName: string,
  endpoint: { ip: string; port: number },
): string {
  const ip = endpoint.ip.replaceAll(":", ".");
  return hashAndTruncate(`${namespace}/${name}/${protocol}/${portName}__${ip}/${endpoint.port}`);
}

/** The chains of one service port, all sharing one base name. */
export interface NftServiceChains {
  service: string;
  local: string;
  external: string;
  firewall: string;
}

/** The four chain names of a service port. */
export function nftServiceChains(
  namespace: string,
  name: string,
  protocol: string,
  portName = "",
): NftServiceChains {
  const base = servicePortChainNameBase(namespace, name, protocol, portName);
  return {
    service: NFT_PREFIX.service + base,
    local: NFT_PREFIX.local + base,
    external: NFT_PREFIX.external + base,
    firewall: NFT_PREFIX.firewall + base,
  };
}
