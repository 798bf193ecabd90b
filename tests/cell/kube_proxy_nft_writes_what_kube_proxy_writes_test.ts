/**
 * lab.kubeProxyNft's ruleset against the ruleset kube-proxy's own test expects for the same
 * services (kubernetes/kubernetes pkg/proxy/nftables/proxier_test.go, TestOverallNFTablesRules
 * with its baseRules, copied below): compared as upstream's assertNFTablesTransactionEqual
 * compares (objects as a set, each chain's rules in order). Then the names against upstream's
 * literals, and the ruleset loaded by the real `nft` into a fresh network namespace.
 */
import assert from "node:assert/strict";
import { kubeProxyNft } from "../../lib/cell/kube_proxy_nft.ts";
import {
  hashAndTruncate,
  nftServiceChains,
  servicePortEndpointChainNameBase,
} from "../../lib/cell/kube_proxy_nft_names.ts";

// TestOverallNFTablesRules: baseRules plus the six services' objects, as upstream writes them.
const EXPECTED = `
add table ip kube-proxy { comment "rules for kube-proxy" ; }

add set ip kube-proxy cluster-ips { type ipv4_addr ; comment "Active ClusterIPs" ; }
add set ip kube-proxy nodeport-ips { type ipv4_addr ; comment "IPs that accept NodePort traffic" ; }

add map ip kube-proxy firewall-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "destinations that are subject to LoadBalancerSourceRanges" ; }
add map ip kube-proxy no-endpoint-nodeports { type inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to service nodeports with no endpoints" ; }
add map ip kube-proxy no-endpoint-services { type ipv4_addr . inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to services with no endpoints" ; }
add map ip kube-proxy service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "ClusterIP, ExternalIP and LoadBalancer IP traffic" ; }
add map ip kube-proxy service-nodeports { type inet_proto . inet_service : verdict ; comment "NodePort traffic" ; }

add chain ip kube-proxy cluster-ips-check
add chain ip kube-proxy filter-prerouting-pre-dnat { type filter hook prerouting priority -110 ; }
add chain ip kube-proxy filter-output-pre-dnat { type filter hook output priority -110 ; }
add chain ip kube-proxy filter-forward { type filter hook forward priority 0 ; }
add chain ip kube-proxy filter-input { type filter hook input priority 0 ; }
add chain ip kube-proxy filter-output { type filter hook output priority 0 ; }
add chain ip kube-proxy firewall-check
add chain ip kube-proxy mark-for-masquerade
add chain ip kube-proxy masquerading
add chain ip kube-proxy nat-output { type nat hook output priority -100 ; }
add chain ip kube-proxy nat-postrouting { type nat hook postrouting priority 100 ; }
add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }
add chain ip kube-proxy nodeport-endpoints-check
add chain ip kube-proxy reject-chain { comment "helper for @no-endpoint-services / @no-endpoint-nodeports" ; }
add chain ip kube-proxy services
add chain ip kube-proxy service-endpoints-check

add rule ip kube-proxy cluster-ips-check ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"
add rule ip kube-proxy cluster-ips-check ip daddr { 172.30.0.0/16 } drop comment "Drop traffic to unallocated ClusterIPs"
add rule ip kube-proxy filter-prerouting-pre-dnat ct state new jump firewall-check
add rule ip kube-proxy filter-forward ct state new jump service-endpoints-check
add rule ip kube-proxy filter-forward ct state new jump cluster-ips-check
add rule ip kube-proxy filter-input ct state new jump nodeport-endpoints-check
add rule ip kube-proxy filter-input ct state new jump service-endpoints-check
add rule ip kube-proxy filter-output ct state new jump service-endpoints-check
add rule ip kube-proxy filter-output-pre-dnat ct state new jump firewall-check
add rule ip kube-proxy filter-output ct state new jump cluster-ips-check
add rule ip kube-proxy firewall-check ip daddr . meta l4proto . th dport vmap @firewall-ips
add rule ip kube-proxy mark-for-masquerade mark set mark or 0x4000
add rule ip kube-proxy masquerading mark and 0x4000 == 0 return
add rule ip kube-proxy masquerading mark set mark xor 0x4000
add rule ip kube-proxy masquerading masquerade fully-random
add rule ip kube-proxy nat-output jump services
add rule ip kube-proxy nat-postrouting jump masquerading
add rule ip kube-proxy nat-prerouting jump services
add rule ip kube-proxy nodeport-endpoints-check ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports
add rule ip kube-proxy reject-chain reject
add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips
add rule ip kube-proxy services ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports

add element ip kube-proxy nodeport-ips { 192.168.0.2 }
add rule ip kube-proxy service-endpoints-check ip daddr . meta l4proto . th dport vmap @no-endpoint-services

# svc1
add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80
add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }

add chain ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80
add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 ip saddr 10.180.0.1 jump mark-for-masquerade
add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 meta l4proto tcp dnat to 10.180.0.1:80

add element ip kube-proxy cluster-ips { 172.30.0.41 }
add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }

# svc2
add chain ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80
add rule ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80 ip daddr 172.30.0.42 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
add rule ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 }
add chain ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80
add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 ip saddr 10.0.0.0/8 goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit pod traffic"
add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"
add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit local traffic"
add chain ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80
add rule ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 ip saddr 10.180.0.2 jump mark-for-masquerade
add rule ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 meta l4proto tcp dnat to 10.180.0.2:80

add element ip kube-proxy cluster-ips { 172.30.0.42 }
add element ip kube-proxy service-ips { 172.30.0.42 . tcp . 80 : goto service-42NFTM6N-ns2/svc2/tcp/p80 }
add element ip kube-proxy service-ips { 192.168.99.22 . tcp . 80 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
add element ip kube-proxy service-ips { 1.2.3.4 . tcp . 80 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
add element ip kube-proxy service-nodeports { tcp . 3001 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }

add element ip kube-proxy no-endpoint-nodeports { tcp . 3001 comment "ns2/svc2:p80" : drop }
add element ip kube-proxy no-endpoint-services { 1.2.3.4 . tcp . 80 comment "ns2/svc2:p80" : drop }
add element ip kube-proxy no-endpoint-services { 192.168.99.22 . tcp . 80 comment "ns2/svc2:p80" : drop }

# svc3
add chain ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80
add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 ip daddr 172.30.0.43 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 }
add chain ip kube-proxy external-4AT6LBPK-ns3/svc3/tcp/p80
add rule ip kube-proxy external-4AT6LBPK-ns3/svc3/tcp/p80 jump mark-for-masquerade
add rule ip kube-proxy external-4AT6LBPK-ns3/svc3/tcp/p80 goto service-4AT6LBPK-ns3/svc3/tcp/p80
add chain ip kube-proxy endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80
add rule ip kube-proxy endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 ip saddr 10.180.0.3 jump mark-for-masquerade
add rule ip kube-proxy endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 meta l4proto tcp dnat to 10.180.0.3:80

add element ip kube-proxy cluster-ips { 172.30.0.43 }
add element ip kube-proxy service-ips { 172.30.0.43 . tcp . 80 : goto service-4AT6LBPK-ns3/svc3/tcp/p80 }
add element ip kube-proxy service-nodeports { tcp . 3003 : goto external-4AT6LBPK-ns3/svc3/tcp/p80 }

# svc4
add chain ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80
add rule ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80 ip daddr 172.30.0.44 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
add rule ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80 numgen random mod 2 vmap { 0 : goto endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 , 1 : goto endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 }
add chain ip kube-proxy external-LAUZTJTB-ns4/svc4/tcp/p80
add rule ip kube-proxy external-LAUZTJTB-ns4/svc4/tcp/p80 jump mark-for-masquerade
add rule ip kube-proxy external-LAUZTJTB-ns4/svc4/tcp/p80 goto service-LAUZTJTB-ns4/svc4/tcp/p80
add chain ip kube-proxy endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80
add rule ip kube-proxy endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 ip saddr 10.180.0.5 jump mark-for-masquerade
add rule ip kube-proxy endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 meta l4proto tcp dnat to 10.180.0.5:80
add chain ip kube-proxy endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80
add rule ip kube-proxy endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 ip saddr 10.180.0.4 jump mark-for-masquerade
add rule ip kube-proxy endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 meta l4proto tcp dnat to 10.180.0.4:80

add element ip kube-proxy cluster-ips { 172.30.0.44 }
add element ip kube-proxy service-ips { 172.30.0.44 . tcp . 80 : goto service-LAUZTJTB-ns4/svc4/tcp/p80 }
add element ip kube-proxy service-ips { 192.168.99.33 . tcp . 80 : goto external-LAUZTJTB-ns4/svc4/tcp/p80 }

# svc5
add set ip kube-proxy affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { type ipv4_addr ; flags dynamic,timeout ; timeout 10800s ; }
add chain ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80
add rule ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80 ip daddr 172.30.0.45 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
add rule ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80 ip saddr @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80
add rule ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 }
add chain ip kube-proxy external-HVFWP5L3-ns5/svc5/tcp/p80
add rule ip kube-proxy external-HVFWP5L3-ns5/svc5/tcp/p80 jump mark-for-masquerade
add rule ip kube-proxy external-HVFWP5L3-ns5/svc5/tcp/p80 goto service-HVFWP5L3-ns5/svc5/tcp/p80

add chain ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80
add rule ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 ip saddr 10.180.0.3 jump mark-for-masquerade
add rule ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 update @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { ip saddr }
add rule ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 meta l4proto tcp dnat to 10.180.0.3:80

add chain ip kube-proxy firewall-HVFWP5L3-ns5/svc5/tcp/p80
add rule ip kube-proxy firewall-HVFWP5L3-ns5/svc5/tcp/p80 ip saddr != { 203.0.113.0/25 } drop

add element ip kube-proxy cluster-ips { 172.30.0.45 }
add element ip kube-proxy service-ips { 172.30.0.45 . tcp . 80 : goto service-HVFWP5L3-ns5/svc5/tcp/p80 }
add element ip kube-proxy service-ips { 5.6.7.8 . tcp . 80 : goto external-HVFWP5L3-ns5/svc5/tcp/p80 }
add element ip kube-proxy service-nodeports { tcp . 3002 : goto external-HVFWP5L3-ns5/svc5/tcp/p80 }
add element ip kube-proxy firewall-ips { 5.6.7.8 . tcp . 80 : goto firewall-HVFWP5L3-ns5/svc5/tcp/p80 }

# svc6
add element ip kube-proxy cluster-ips { 172.30.0.46 }
add element ip kube-proxy no-endpoint-services { 172.30.0.46 . tcp . 80 comment "ns6/svc6:p80" : goto reject-chain }
`;

/** Upstream's view of a ruleset: the objects and elements as a set, each chain's rules in order. */
function parse(text: string): { objects: string[]; rules: Map<string, string[]> } {
  const objects: string[] = [];
  const rules = new Map<string, string[]>();
  for (const line of text.split("\n").map((l) => l.trim())) {
    if (!line || line.startsWith("#")) continue;
    const [, kind, , , chain] = line.split(" ");
    if (kind === "rule" && chain) rules.set(chain, [...rules.get(chain) ?? [], line]);
    else objects.push(line);
  }
  return { objects: objects.sort(), rules };
}

const port = { portName: "p80", port: 80 } as const;
const OVERALL = kubeProxyNft({
  clusterCIDR: "10.0.0.0/8",
  node: "test-node",
  nodeIP: "192.168.0.2",
  nodePortAddresses: ["192.168.0.2"],
  serviceCIDRs: ["172.30.0.0/16"],
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
      // No node: not local, so Local external traffic has nowhere to go.
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
      // Given out of order: kube-proxy sorts endpoints.
      endpoints: [
        { ip: "10.180.0.5", port: 80, node: "test-node" },
        { ip: "10.180.0.4", port: 80 },
      ],
    },
    {
      namespace: "ns5",
      name: "svc5",
      ...port,
      clusterIP: "172.30.0.45",
      nodePort: 3002,
      loadBalancerIPs: ["5.6.7.8"],
      loadBalancerSourceRanges: ["203.0.113.0/25"],
      sessionAffinityTimeout: 10800,
      endpoints: [{ ip: "10.180.0.3", port: 80 }],
    },
    { namespace: "ns6", name: "svc6", ...port, clusterIP: "172.30.0.46", endpoints: [] },
  ],
});

Deno.test("for kube-proxy's own test services, the ruleset is the one kube-proxy's test expects", () => {
  const [got, want] = [parse(OVERALL.text), parse(EXPECTED)];
  assert.deepEqual(got.objects, want.objects, "tables, chains, sets, maps and elements");
  assert.deepEqual(
    [...got.rules.keys()].sort(),
    [...want.rules.keys()].sort(),
    "chains with rules",
  );
  for (const [chain, rules] of want.rules) assert.deepEqual(got.rules.get(chain), rules, chain);
});

Deno.test("names are 8 characters of base32(sha256), a dash and the name, as upstream's literals", () => {
  const services: [string, string, string][] = [
    ["ns1", "svc1", "ULMVA6XW"],
    ["ns2", "svc2", "42NFTM6N"],
    ["ns3", "svc3", "4AT6LBPK"],
    ["ns4", "svc4", "LAUZTJTB"],
    ["ns5", "svc5", "HVFWP5L3"],
  ];
  for (const [ns, name, hash] of services) {
    const base = `${hash}-${ns}/${name}/tcp/p80`;
    assert.deepEqual(nftServiceChains(ns, name, "tcp", "p80"), {
      service: `service-${base}`,
      local: `local-${base}`,
      external: `external-${base}`,
      firewall: `firewall-${base}`,
    });
  }
  const endpoints: [string, string, string, string][] = [
    ["ns1", "svc1", "10.180.0.1", "5OJB2KTY"],
    ["ns2", "svc2", "10.180.0.2", "SGOXE6O3"],
    ["ns3", "svc3", "10.180.0.3", "UEIP74TE"],
    ["ns4", "svc4", "10.180.0.4", "UNZV3OEC"],
    ["ns4", "svc4", "10.180.0.5", "5RFCDDV7"],
    // The same endpoint as ns3/svc3's, in another service: another name.
    ["ns5", "svc5", "10.180.0.3", "GTK6MW7G"],
  ];
  for (const [ns, name, ip, hash] of endpoints) {
    assert.equal(
      servicePortEndpointChainNameBase(ns, name, "tcp", "p80", { ip, port: 80 }),
      `${hash}-${ns}/${name}/tcp/p80__${ip}/80`,
    );
  }
});

Deno.test("an IPv6 endpoint's colons become dots, and an overlong name is cut with an ellipsis", () => {
  const base = servicePortEndpointChainNameBase("ns", "svc", "tcp", "", {
    ip: "fd00::1",
    port: 80,
  });
  assert.match(base, /^[A-Z2-7]{8}-ns\/svc\/tcp\/__fd00\.\.1\/80$/);
  const long = hashAndTruncate("x".repeat(300));
  assert.equal(long.length, 240);
  assert.ok(long.endsWith("..."));
});

Deno.test("a service's endpoints share the traffic through one numgen verdict map", () => {
  const rules = kubeProxyNft({
    clusterCIDR: "10.244.0.0/16",
    services: [{
      namespace: "default",
      name: "web",
      portName: "http",
      clusterIP: "10.96.0.10",
      port: 80,
      endpoints: [12, 11, 13].map((n) => ({ ip: `10.244.1.${n}`, port: 8080 })),
    }],
  });
  const web = rules.service("default/web:http");
  assert.deepEqual(web.endpoints.map((e) => [e.index, e.endpoint]), [
    [0, "10.244.1.11:8080"],
    [1, "10.244.1.12:8080"],
    [2, "10.244.1.13:8080"],
  ]);
  const vmap = rules.text.split("\n").find((l) => l.includes("numgen"))!;
  assert.equal(
    vmap,
    `add rule ip kube-proxy ${web.chains.service} numgen random mod 3 vmap { ${
      web.endpoints.map((e) => `${e.index} : goto ${e.chain}`).join(" , ")
    } }`,
  );
  // Without --nodeport-addresses, every local address but 127.0.0.0/8 takes NodePorts.
  assert.ok(rules.text.includes(
    "add rule ip kube-proxy services fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @service-nodeports",
  ));
  assert.ok(!rules.text.includes("nodeport-ips"));
});

/** Whether `nft` can run here in a network namespace of its own (user namespaces allowed). */
const nft = await new Deno.Command("unshare", {
  args: ["--user", "--map-root-user", "--net", "nft", "list", "ruleset"],
  stdout: "null",
  stderr: "null",
}).output().then((o) => o.success, () => false);

Deno.test({
  name: "the real nft loads the ruleset, and lists kube-proxy's chains back",
  ignore: !nft && !Deno.env.get("CI"),
  async fn() {
    const child = new Deno.Command("unshare", {
      args: [
        "--user",
        "--map-root-user",
        "--net",
        "sh",
        "-c",
        "nft -f - && nft list table ip kube-proxy",
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(OVERALL.text));
    await writer.close();
    const out = await child.output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.ok(out.success, `nft refused the ruleset:\n${stderr}`);
    const listed = new TextDecoder().decode(out.stdout);
    for (const s of OVERALL.services.filter((s) => s.endpoints.length)) {
      assert.ok(listed.includes(`chain ${s.chains.service} {`), s.chains.service);
    }
  },
});
