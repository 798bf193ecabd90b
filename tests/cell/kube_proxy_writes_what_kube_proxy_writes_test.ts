/**
 * lab.kubeProxy's restore input, checked two ways: against the rules kube-proxy's own test
 * expects for the same services (kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go,
 * TestOverallIPTablesRules, minus what this helper leaves out: svc5's session affinity and
 * source ranges, health-check node ports, NodePorts on 127.0.0.1, KUBE-FORWARD and the
 * firewall chains), chain by chain and in order; and against golden files for the services
 * notebooks 09 and 10 build. UPDATE_GOLDEN=1 rewrites the golden files; read the diff.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { kubeProxy, probability } from "../../lib/cell/kube_proxy.ts";

/** Each table's chains (declared) and rules (per chain, in order), from restore input. */
function parse(text: string): Map<string, { chains: Set<string>; rules: Map<string, string[]> }> {
  const tables = new Map<string, { chains: Set<string>; rules: Map<string, string[]> }>();
  let table: { chains: Set<string>; rules: Map<string, string[]> } | undefined;
  for (const line of text.split("\n").map((l) => l.trim()).filter(Boolean)) {
    if (line.startsWith("*")) {
      tables.set(line.slice(1), table = { chains: new Set(), rules: new Map() });
    } else if (line.startsWith(":")) table!.chains.add(line.slice(1).replace(/ .*/, ""));
    else if (line.startsWith("-A ") || line.startsWith("-I ")) {
      const chain = line.slice(3).replace(/ .*/, "");
      table!.rules.set(chain, [...table!.rules.get(chain) ?? [], line]);
    }
  }
  return tables;
}

// The nat and filter rules kube-proxy's TestOverallIPTablesRules expects for ns1/svc1 (ClusterIP),
// ns2/svc2 (LoadBalancer, externalTrafficPolicy Local, no local endpoint, an external IP), ns3/svc3
// (NodePort), ns4/svc4 (two endpoints, an external IP) and ns6/svc6 (no endpoints).
const EXPECTED = `
*filter
-A KUBE-SERVICES -m comment --comment "ns6/svc6:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.46 --dport 80 -j REJECT
-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j DROP
-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP
-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP
COMMIT
*nat
:KUBE-NODEPORTS - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-EXT-4SW47YFZTEDKD3PK - [0:0]
:KUBE-EXT-GNZBNJ2PO5MGZ6GT - [0:0]
:KUBE-EXT-X27LE4BHSL4DOUIK - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-C6EBXVWJJZMIWKLZ - [0:0]
:KUBE-SEP-OYPFS5VJICHGATKP - [0:0]
:KUBE-SEP-RS4RBKLTHTF2IUXJ - [0:0]
:KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]
:KUBE-SEP-UKSFD7AGPMPPLUHC - [0:0]
:KUBE-SVC-4SW47YFZTEDKD3PK - [0:0]
:KUBE-SVC-GNZBNJ2PO5MGZ6GT - [0:0]
:KUBE-SVC-X27LE4BHSL4DOUIK - [0:0]
:KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]
-A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
-A KUBE-NODEPORTS -m comment --comment ns3/svc3:p80 -m tcp -p tcp --dport 3003 -j KUBE-EXT-X27LE4BHSL4DOUIK
-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 external IP" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
-A KUBE-SERVICES -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 -j KUBE-SVC-X27LE4BHSL4DOUIK
-A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 -j KUBE-SVC-4SW47YFZTEDKD3PK
-A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 external IP" -m tcp -p tcp -d 192.168.99.33 --dport 80 -j KUBE-EXT-4SW47YFZTEDKD3PK
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-EXT-4SW47YFZTEDKD3PK -m comment --comment "masquerade traffic for ns4/svc4:p80 external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-4SW47YFZTEDKD3PK -j KUBE-SVC-4SW47YFZTEDKD3PK
-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "pod traffic for ns2/svc2:p80 external destinations" -s 10.0.0.0/8 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "masquerade LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ
-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "route LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
-A KUBE-EXT-X27LE4BHSL4DOUIK -m comment --comment "masquerade traffic for ns3/svc3:p80 external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-X27LE4BHSL4DOUIK -j KUBE-SVC-X27LE4BHSL4DOUIK
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
-A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -s 10.180.0.5 -j KUBE-MARK-MASQ
-A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.5:80
-A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ
-A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80
-A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -s 10.180.0.2 -j KUBE-MARK-MASQ
-A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.2:80
-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ
-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80
-A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -s 10.180.0.4 -j KUBE-MARK-MASQ
-A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.4:80
-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC
-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.5:80" -j KUBE-SEP-C6EBXVWJJZMIWKLZ
-A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 -> 10.180.0.2:80" -j KUBE-SEP-RS4RBKLTHTF2IUXJ
-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 -> 10.180.0.3:80" -j KUBE-SEP-OYPFS5VJICHGATKP
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ
COMMIT
`;

const port = { portName: "p80", port: 80 } as const;
const OVERALL = kubeProxy({
  clusterCIDR: "10.0.0.0/8",
  node: "test-node",
  hooks: false,
  // kube-proxy's tests run with a fake iptables that lacks --random-fully.
  randomFully: false,
  services: [
    {
      namespace: "ns1",
      name: "svc1",
      ...port,
      clusterIP: "172.30.0.41",
      endpoints: [{ ip: "10.180.0.1", port: 80 }],
    },
    {
      namespace: "ns2",
      name: "svc2",
      ...port,
      clusterIP: "172.30.0.42",
      nodePort: 3001,
      externalIPs: ["192.168.99.22"],
      loadBalancerIPs: ["1.2.3.4"],
      externalTrafficPolicy: "Local",
      endpoints: [{ ip: "10.180.0.2", port: 80 }],
    },
    {
      namespace: "ns3",
      name: "svc3",
      ...port,
      clusterIP: "172.30.0.43",
      nodePort: 3003,
      endpoints: [{ ip: "10.180.0.3", port: 80 }],
    },
    {
      namespace: "ns4",
      name: "svc4",
      ...port,
      clusterIP: "172.30.0.44",
      externalIPs: ["192.168.99.33"],
      // Given out of order: kube-proxy sorts endpoints by their "IP:port" text.
      endpoints: [{ ip: "10.180.0.5", port: 80, node: "test-node" }, {
        ip: "10.180.0.4",
        port: 80,
      }],
    },
    { namespace: "ns6", name: "svc6", ...port, clusterIP: "172.30.0.46", endpoints: [] },
  ],
});

Deno.test("for kube-proxy's own test services, every chain has kube-proxy's rules in kube-proxy's order", () => {
  const [got, want] = [parse(OVERALL.text), parse(EXPECTED)];
  assert.deepEqual([...got.get("nat")!.chains].sort(), [...want.get("nat")!.chains].sort());
  for (const table of ["filter", "nat"]) {
    const [g, w] = [got.get(table)!.rules, want.get(table)!.rules];
    assert.deepEqual([...g.keys()].sort(), [...w.keys()].sort(), `${table}: the chains with rules`);
    for (const [chain, rules] of w) assert.deepEqual(g.get(chain), rules, `${table} ${chain}`);
  }
});

// TestSyncProxyRulesRepeated: ns1/svc1 and ns2/svc2 synced, then ns3/svc3 added. The second
// sync is partial: the nat table it expects, whole.
const PARTIAL = `
*nat
:KUBE-NODEPORTS - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-BSWRHOQ77KEXZLNL - [0:0]
:KUBE-SVC-X27LE4BHSL4DOUIK - [0:0]
-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
-A KUBE-SERVICES -m comment --comment "ns2/svc2:p8080 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 8080 -j KUBE-SVC-2VJB64SDSIJUP5T6
-A KUBE-SERVICES -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 -j KUBE-SVC-X27LE4BHSL4DOUIK
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
-A KUBE-SEP-BSWRHOQ77KEXZLNL -m comment --comment ns3/svc3:p80 -s 10.0.3.1 -j KUBE-MARK-MASQ
-A KUBE-SEP-BSWRHOQ77KEXZLNL -m comment --comment ns3/svc3:p80 -m tcp -p tcp -j DNAT --to-destination 10.0.3.1:80
-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 -> 10.0.3.1:80" -j KUBE-SEP-BSWRHOQ77KEXZLNL
COMMIT
`;

Deno.test("a partial sync writes the changed Service's chains and the top-level ones whole, as kube-proxy's test expects", () => {
  const svc = (n: number, port: number) => ({
    namespace: `ns${n}`,
    name: `svc${n}`,
    portName: `p${port}`,
    port,
    clusterIP: `172.30.0.4${n}`,
    endpoints: [{ ip: `10.0.${n}.1`, port }],
  });
  const partial = kubeProxy({
    clusterCIDR: "10.0.0.0/8",
    hooks: false,
    randomFully: false,
    services: [svc(1, 80), svc(2, 8080), svc(3, 80)],
    changed: ["ns3/svc3"],
  });
  const [got, want] = [parse(partial.text).get("nat")!, parse(PARTIAL).get("nat")!];
  assert.deepEqual([...got.chains].sort(), [...want.chains].sort());
  assert.deepEqual(
    Object.fromEntries([...got.rules].sort()),
    Object.fromEntries([...want.rules].sort()),
  );
  // The chains of the unchanged Services are named (KUBE-SERVICES jumps to them) but not written.
  assert.ok(partial.text.includes("-j KUBE-SVC-XPGD46QRK7WJZT7O"));
  assert.ok(!partial.text.includes(":KUBE-SVC-XPGD46QRK7WJZT7O"));
});

Deno.test("MASQUERADE gets --random-fully, as kube-proxy writes it where iptables has it", () => {
  const nat = parse(kubeProxy({ clusterCIDR: "10.0.0.0/8", services: [] }).text).get("nat")!;
  assert.equal(
    nat.rules.get("KUBE-POSTROUTING")?.at(-1),
    `-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully`,
  );
});

Deno.test("the load-balancing chain gives endpoint i of n the probability 1/(n-i), 10 decimals", () => {
  assert.deepEqual([1, 2, 3, 4, 7].map(probability), [
    "1.0000000000",
    "0.5000000000",
    "0.3333333333",
    "0.2500000000",
    "0.1428571429",
  ]);
  // Go's %0.10f rounds an exact half to even.
  assert.equal(probability(2048), "0.0004882812");
  const three = kubeProxy({
    clusterCIDR: "10.244.0.0/16",
    services: [{
      namespace: "default",
      name: "web",
      portName: "http",
      clusterIP: "10.96.0.10",
      port: 80,
      endpoints: [11, 12, 13].map((n) => ({ ip: `10.244.1.${n}`, port: 8080 })),
    }],
  }).service("default/web:http");
  assert.deepEqual(three.endpoints.map((e) => e.probability), [
    "0.3333333333",
    "0.5000000000",
    undefined,
  ]);
});

Deno.test("the jumps from the built-in chains are inserted unless hooks is false", () => {
  const nat = parse(kubeProxy({ clusterCIDR: "10.0.0.0/8", services: [] }).text).get("nat")!;
  assert.deepEqual(nat.rules.get("PREROUTING"), [
    `-I PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`,
  ]);
  assert.deepEqual(nat.rules.get("OUTPUT"), [
    `-I OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`,
  ]);
  assert.deepEqual(nat.rules.get("POSTROUTING"), [
    `-I POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING`,
  ]);
  const filter = parse(OVERALL.text).get("filter")!;
  assert.equal(filter.rules.get("INPUT"), undefined, "hooks: false writes no jumps");
});

async function assertGolden(name: string, actual: string): Promise<void> {
  const path = fileURLToPath(new URL(`golden/${name}`, import.meta.url));
  if (Deno.env.get("UPDATE_GOLDEN")) return await Deno.writeTextFile(path, actual);
  assert.equal(
    actual,
    await Deno.readTextFile(path),
    `${name} changed; UPDATE_GOLDEN=1 rewrites it`,
  );
}

const web = {
  namespace: "default",
  name: "web",
  portName: "http",
  clusterIP: "10.96.0.10",
  port: 80,
} as const;

Deno.test("golden: a ClusterIP service over three pods (notebook 09)", async () => {
  const rules = kubeProxy({
    clusterCIDR: "10.244.0.0/16",
    services: [{
      ...web,
      endpoints: [11, 12, 13].map((n) => ({ ip: `10.244.1.${n}`, port: 8080 })),
    }],
  });
  await assertGolden("kube_proxy_clusterip.rules", rules.text);
  await assertGolden("kube_proxy_clusterip.mmd", rules.diagram().source + "\n");
});

Deno.test("golden: a NodePort and LoadBalancer service on a node without its pod, Cluster and Local (notebook 10)", async () => {
  const service = {
    ...web,
    nodePort: 30080,
    loadBalancerIPs: ["203.0.113.10"],
    endpoints: [{ ip: "10.244.2.11", port: 8080, node: "node2" }],
  };
  for (const policy of ["Cluster", "Local"] as const) {
    for (const node of ["node1", "node2"]) {
      const rules = kubeProxy({
        clusterCIDR: "10.244.0.0/16",
        node,
        services: [{ ...service, externalTrafficPolicy: policy }],
      });
      await assertGolden(`kube_proxy_nodeport_${policy.toLowerCase()}_${node}.rules`, rules.text);
    }
  }
});
