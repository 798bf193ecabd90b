import { Diagram } from "../render/diagram.ts";
import { DISPLAY, type MimeBundle } from "../render/mime.ts";
import { findServicePort, rulesBundle } from "./service_port_rules.ts";
import type { NftServiceChains } from "./kube_proxy_nft_names.ts";

/** One element of a load-balancing verdict map: the number that picks it, the endpoint, its chain. */
export interface NftEndpointChain {
  /** What `numgen random mod n` must return for this endpoint. */
  index: number;
  /** "IP:port". */
  endpoint: string;
  chain: string;
}

/** What kube-proxy's nftables mode wrote for one service port. */
export interface NftServicePort {
  /** "namespace/name:port". */
  name: string;
  /** "tcp", "udp" or "sctp". */
  protocol: string;
  clusterIP: string;
  port: number;
  nodePort?: number;
  chains: NftServiceChains;
  /** The service- chain's verdict map, in order (empty: no endpoints, so no chain). */
  endpoints: NftEndpointChain[];
  /** The local- chain's verdict map (externalTrafficPolicy Local, with local endpoints). */
  local: NftEndpointChain[];
  /** Set when an external- chain was written: the external and load-balancer IPs sent to it. */
  external?: string[];
}

/** A mermaid node id for an nftables name (letters, digits and underscores only). */
function id(name: string): string {
  return "n_" + name.replace(/[^A-Za-z0-9]/g, "_");
}

/**
 * The `nft -f` input for table ip kube-proxy, and the chains it names per service port. Displays
 * as the text itself; interpolated into a command (`<<< ${rules}`), it is the text too.
 */
export class KubeProxyNftRules {
  constructor(readonly text: string, readonly services: readonly NftServicePort[]) {}

  /** One service port, by its name ("default/web:http"). */
  service(name: string): NftServicePort {
    return findServicePort(this.services, name);
  }

  toString(): string {
    return this.text;
  }

  /** How a packet for each service goes from the nat hooks to an endpoint's DNAT, as a diagram. */
  diagram(): Diagram {
    const lines = [
      "flowchart LR",
      `  hooks["nat-prerouting<br/>nat-output"] --> services["services"]`,
      `  services -- "daddr . proto . dport" --> service_ips[("@service-ips")]`,
    ];
    if (this.services.some((s) => s.nodePort !== undefined && s.external)) {
      lines.push(
        `  services -- "node address: proto . dport" --> nodeports[("@service-nodeports")]`,
      );
    }
    for (const s of this.services) {
      if (!s.endpoints.length) continue;
      const svc = id(s.chains.service);
      lines.push(
        `  service_ips -- "${s.clusterIP} . ${s.protocol} . ${s.port}" --> ${svc}["${s.chains.service}"]`,
      );
      if (s.external) {
        const ext = id(s.chains.external);
        lines.push(`  ${ext}["${s.chains.external}"]`);
        if (s.nodePort !== undefined) {
          lines.push(`  nodeports -- "${s.protocol} . ${s.nodePort}" --> ${ext}`);
        }
        for (const ip of s.external) {
          lines.push(`  service_ips -- "${ip} . ${s.protocol} . ${s.port}" --> ${ext}`);
        }
        lines.push(
          s.local.length
            ? `  ${ext} --> ${id(s.chains.local)}["${s.chains.local}"]`
            : `  ${ext} -- "mark for masquerade" --> ${svc}`,
        );
      }
      const edges = (from: string, rules: NftEndpointChain[]) =>
        rules.map((r) =>
          `  ${from} -- "numgen ${r.index} of ${rules.length}" --> ${
            id(r.chain)
          }["${r.chain}<br/>dnat to ${r.endpoint}"]`
        );
      lines.push(...edges(svc, s.endpoints), ...edges(id(s.chains.local), s.local));
    }
    return new Diagram(lines.join("\n"));
  }

  [DISPLAY](): MimeBundle {
    return rulesBundle(this.text);
  }
}
