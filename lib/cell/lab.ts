import type { Capability } from "../capability/registry.ts";
import type { Mode } from "./runner.ts";
import { session } from "./session.ts";
import { trace } from "./trace.ts";
import { capture } from "./capture.ts";
import { waitFor } from "./wait.ts";
import { kubeProxy } from "./kube_proxy.ts";
import { kubeProxyNft } from "./kube_proxy_nft.ts";
import {
  addresses,
  conntrack,
  fdb,
  iptables,
  links,
  neighbours,
  routeGet,
  routes,
  topology,
} from "./inspectors.ts";

/** The lab the cells work in. Inspectors that return models hang off this object. */
export const lab = {
  /** live, record or replay. */
  get mode(): Mode {
    return session().runner.mode;
  },
  /** Whether the lab has a kernel feature or tool (as recorded, on replay). */
  has(capability: Capability): boolean {
    return session().runner.capabilities.has(capability);
  },
  /** Traces the packets `fn` sends through namespace `ns` (undefined: the lab host). */
  trace,
  /** Captures the packets crossing a device while `fn` runs (tcpdump), as a table and a .pcap. */
  capture,
  /** Waits in the lab until a command succeeds (convergence), as one recorded call. */
  waitFor,
  /** kube-proxy's iptables rules for Services and their endpoints (pure: text, not yet loaded). */
  kubeProxy,
  /** kube-proxy's nftables ruleset (table ip kube-proxy) for the same input (pure: `nft -f` text). */
  kubeProxyNft,
  // Inspectors: each takes the namespace to look in first (omitted: the lab host) and returns a
  // model that renders itself (show it, or let Jupyter display it).
  routes,
  routeGet,
  addresses,
  links,
  neighbours,
  fdb,
  iptables,
  conntrack,
  /** The lab as a mermaid diagram: namespaces, interfaces, addresses, veth pairs, bridges. */
  topology,
};
