import { Diagram } from "../render/diagram.ts";
import { DISPLAY, type MimeBundle } from "../render/mime.ts";
import { findServicePort, rulesBundle } from "./service_port_rules.ts";
import type { ServicePortChains } from "./kube_proxy_names.ts";

/** One rule of a load-balancing chain: the endpoint, its KUBE-SEP chain, and its probability. */
export interface EndpointChain {
  /** "IP:port". */
  endpoint: string;
  chain: string;
  /** The `statistic` probability, 10 decimals; absent on the last rule, which takes the rest. */
  probability?: string;
}

/** What kube-proxy wrote for one service port. */
export interface ServicePortRules {
  /** "namespace/name:port". */
  name: string;
  clusterIP: string;
  port: number;
  nodePort?: number;
  chains: ServicePortChains;
  /** KUBE-SVC's rules, in order. */
  endpoints: EndpointChain[];
  /** KUBE-SVL's rules, in order (externalTrafficPolicy Local, with local endpoints). */
  local: EndpointChain[];
  /**
   * Set when a KUBE-EXT chain was written (NodePort, external or load-balancer IPs): the
   * externalTrafficPolicy it follows.
   */
  ext?: "Cluster" | "Local";
  /** The external and load-balancer IPs that KUBE-SERVICES sends to KUBE-EXT. */
  external?: string[];
}

function id(chain: string): string {
  return chain.replaceAll("-", "_");
}

/**
 * A service port's name under its chain's: on two lines, namespace and name, when it is wider
 * than the chain's name (so that a terminal of 120 columns draws four chains side by side).
 */
function serviceLabel(name: string, chain: string): string {
  const slash = name.indexOf("/");
  return name.length > chain.length && slash > 0
    ? `${name.slice(0, slash + 1)}<br/>${name.slice(slash + 1)}`
    : name;
}

/**
 * The `iptables-restore` input a kube-proxy sync writes, and the chains it names per service
 * port. Displays as the text itself; interpolated into a command (`<<< ${rules}`), it is the
 * text too.
 */
export class KubeProxyRules {
  constructor(readonly text: string, readonly services: readonly ServicePortRules[]) {}

  /** One service port, by its name ("default/web:http"). */
  service(name: string): ServicePortRules {
    return findServicePort(this.services, name);
  }

  toString(): string {
    return this.text;
  }

  /**
   * How a packet for each service goes from KUBE-SERVICES to an endpoint's DNAT, as a diagram:
   * a packet addressed to a ClusterIP (`"clusterIP"`, the default), to a node port of the node
   * (`"nodePort"`) or to an external or load-balancer IP (`"externalIP"`); the last two go by the
   * services' KUBE-EXT chains. (One diagram for all would draw KUBE-EXT's edge back up to
   * KUBE-SVC, where its line tangles with the others.)
   */
  diagram(way: "clusterIP" | "nodePort" | "externalIP" = "clusterIP"): Diagram {
    const lines = [
      "flowchart LR",
      `  hooks["nat PREROUTING<br/>nat OUTPUT"] --> KUBE_SERVICES["KUBE-SERVICES"]`,
    ];
    const label = (r: EndpointChain, n: number) =>
      r.probability ? `probability ${r.probability}` : n === 1 ? "always" : "the rest";
    const edges = (from: string, rules: EndpointChain[]) =>
      rules.map((r) =>
        `  ${from} -- "${label(r, rules.length)}" --> ${
          id(r.chain)
        }["${r.chain}<br/>DNAT ${r.endpoint}"]`
      );
    const svcNode = (s: ServicePortRules) =>
      `${id(s.chains.svc)}["${s.chains.svc}<br/>${serviceLabel(s.name, s.chains.svc)}"]`;
    const served = this.services.filter((s) => s.endpoints.length);
    if (way === "clusterIP") {
      for (const s of served) {
        lines.push(`  KUBE_SERVICES -- "${s.clusterIP}:${s.port}" --> ${svcNode(s)}`);
        lines.push(...edges(id(s.chains.svc), s.endpoints));
      }
      return new Diagram(lines.join("\n"));
    }
    const external = served.filter((s) =>
      s.ext && (way === "nodePort" ? s.nodePort !== undefined : s.external?.length)
    );
    if (!external.length) {
      throw new Error(
        `no service has a KUBE-EXT chain for ${
          way === "nodePort" ? "a node port" : "an external or load-balancer IP"
        }: draw another way (diagram("clusterIP"))`,
      );
    }
    if (way === "nodePort") {
      lines.push(`  KUBE_SERVICES -- "dst-type LOCAL" --> KUBE_NODEPORTS["KUBE-NODEPORTS"]`);
    }
    for (const s of external) {
      const ext = id(s.chains.ext);
      if (way === "nodePort") {
        lines.push(`  KUBE_NODEPORTS -- "port ${s.nodePort}" --> ${ext}["${s.chains.ext}"]`);
      } else {
        for (const ip of s.external ?? []) {
          lines.push(`  KUBE_SERVICES -- "${ip}:${s.port}" --> ${ext}["${s.chains.ext}"]`);
        }
      }
      if (s.ext === "Cluster") lines.push(`  ${ext} -- "mark for masquerade" --> ${svcNode(s)}`);
      else {
        lines.push(`  ${ext} -- "from pods, or the node itself" --> ${svcNode(s)}`);
        if (s.local.length) {
          lines.push(`  ${ext} -- "the rest" --> ${id(s.chains.svl)}["${s.chains.svl}"]`);
        }
      }
      lines.push(...edges(id(s.chains.svc), s.endpoints), ...edges(id(s.chains.svl), s.local));
    }
    return new Diagram(lines.join("\n"));
  }

  [DISPLAY](): MimeBundle {
    return rulesBundle(this.text);
  }
}
