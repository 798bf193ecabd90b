/**
 * kube-proxy's chains drawn one way in at a time: a packet for a ClusterIP, for a node port, for
 * an external (load-balancer) IP. Each edge of each diagram is a jump kube-proxy wrote, and each
 * diagram is drawn in a terminal of 120 and of 160 columns (together, KUBE-EXT's edge went back
 * up to KUBE-SVC and its line ran into KUBE-SEP's arrowhead, so the terminal outlined it).
 */
import assert from "node:assert/strict";
import { kubeProxy } from "../../lib/cell/kube_proxy.ts";
import { closeArtWorker } from "../../lib/render/mermaid_art.ts";
import { parseMermaid } from "../../lib/render/mermaid_model.ts";
import { mermaidToTerminal } from "../../lib/render/mermaid_terminal.ts";
import type { Flowchart } from "../../lib/render/mermaid_types.ts";

const rules = kubeProxy({
  clusterCIDR: "10.244.0.0/16",
  node: "node2",
  services: [{
    namespace: "default",
    name: "web",
    portName: "http",
    clusterIP: "10.96.0.10",
    port: 80,
    nodePort: 30080,
    loadBalancerIPs: ["203.0.113.10"],
    externalTrafficPolicy: "Local",
    endpoints: [{ ip: "10.244.2.11", port: 8080, node: "node2" }],
  }],
});
const chains = rules.service("default/web:http").chains;

/** The diagram's edges, as "FROM -label-> TO" by the chains' names. */
function edges(way: "clusterIP" | "nodePort" | "externalIP"): string[] {
  const model = parseMermaid(rules.diagram(way).source) as Flowchart;
  const name = (id: string) => model.nodes.find((n) => n.id === id)!.lines[0]!;
  return model.edges.map((e) => `${name(e.from)} -${e.label ?? ""}-> ${name(e.to)}`);
}

Deno.test("each way in is a diagram of its own, of the jumps kube-proxy wrote", () => {
  const sep = /KUBE-SEP-\w+/.exec(rules.text)![0];
  assert.deepEqual(edges("clusterIP"), [
    "nat PREROUTING --> KUBE-SERVICES",
    `KUBE-SERVICES -10.96.0.10:80-> ${chains.svc}`,
    `${chains.svc} -always-> ${sep}`,
  ]);
  const fromExt = [
    `${chains.ext} -from pods, or the node itself-> ${chains.svc}`,
    `${chains.ext} -the rest-> ${chains.svl}`,
    `${chains.svc} -always-> ${sep}`,
    `${chains.svl} -always-> ${sep}`,
  ];
  assert.deepEqual(edges("nodePort"), [
    "nat PREROUTING --> KUBE-SERVICES",
    "KUBE-SERVICES -dst-type LOCAL-> KUBE-NODEPORTS",
    `KUBE-NODEPORTS -port 30080-> ${chains.ext}`,
    ...fromExt,
  ]);
  assert.deepEqual(edges("externalIP"), [
    "nat PREROUTING --> KUBE-SERVICES",
    `KUBE-SERVICES -203.0.113.10:80-> ${chains.ext}`,
    ...fromExt,
  ]);
  // Every edge between chains is a rule of the first chain that jumps to the second.
  for (const way of ["clusterIP", "nodePort", "externalIP"] as const) {
    for (const edge of edges(way).filter((e) => e.startsWith("KUBE-"))) {
      const [from, to] = [edge.split(" ")[0]!, edge.split(" ").at(-1)!];
      assert.match(rules.text, new RegExp(`^-A ${from} .*-j ${to}$`, "m"), `${way}: ${edge}`);
    }
  }
});

Deno.test("a way in that kube-proxy wrote no chain for is an error that says what to draw", () => {
  const clusterOnly = kubeProxy({
    clusterCIDR: "10.244.0.0/16",
    services: [{
      namespace: "default",
      name: "web",
      portName: "http",
      clusterIP: "10.96.0.10",
      port: 80,
      endpoints: [{ ip: "10.244.1.11", port: 8080 }],
    }],
  });
  assert.throws(
    () => clusterOnly.diagram("nodePort"),
    /no service has a KUBE-EXT chain for a node port.*diagram\("clusterIP"\)/,
  );
});

Deno.test("each way is drawn, not outlined, at 120 and at 160 columns", () => {
  for (const way of ["clusterIP", "nodePort", "externalIP"] as const) {
    for (const width of [120, 160]) {
      const text = mermaidToTerminal(rules.diagram(way).source, { width });
      assert.doesNotMatch(text, /^┌ outline/, `${way} at ${width}:\n${text}`);
      assert.match(text, /KUBE-SERVICES/);
    }
  }
});

Deno.test({
  name: "(the diagram worker is stopped)",
  fn: () => closeArtWorker(),
  sanitizeResources: false,
  sanitizeOps: false,
});
