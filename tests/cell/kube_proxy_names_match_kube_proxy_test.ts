/**
 * The chain names lab.kubeProxy computes against the literals in kube-proxy's own tests
 * (kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go: TestOverallIPTablesRules,
 * TestOnlyLocalExternalIPs, TestEndpointSliceWithTerminatingEndpointsTrafficPolicyLocal), and the
 * base32 under them against RFC 4648's test vectors.
 */
import assert from "node:assert/strict";
import { base32 } from "../../lib/cell/kube_proxy_base32.ts";
import {
  servicePortChains,
  servicePortEndpointChainName,
  servicePortName,
} from "../../lib/cell/kube_proxy_names.ts";

Deno.test("base32 is RFC 4648's standard alphabet with padding, as Go's StdEncoding", () => {
  const vectors: [string, string][] = [
    ["", ""],
    ["f", "MY======"],
    ["fo", "MZXQ===="],
    ["foo", "MZXW6==="],
    ["foob", "MZXW6YQ="],
    ["fooba", "MZXW6YTB"],
    ["foobar", "MZXW6YTBOI======"],
  ];
  for (const [text, encoded] of vectors) {
    assert.equal(base32(new TextEncoder().encode(text)), encoded, text);
  }
});

Deno.test("a service port's name is namespace/name:port, without the colon for an unnamed port", () => {
  assert.equal(servicePortName("ns1", "svc1", "p80"), "ns1/svc1:p80");
  assert.equal(servicePortName("ns1", "svc1"), "ns1/svc1");
  assert.equal(servicePortName("ns1", "svc1", ""), "ns1/svc1");
});

Deno.test("KUBE-SVC, KUBE-SVL, KUBE-EXT and KUBE-FW names match kube-proxy's test literals", () => {
  const literals: [string, string, string][] = [
    ["ns1/svc1:p80", "tcp", "XPGD46QRK7WJZT7O"],
    ["ns2/svc2:p80", "tcp", "GNZBNJ2PO5MGZ6GT"],
    ["ns3/svc3:p80", "tcp", "X27LE4BHSL4DOUIK"],
    ["ns4/svc4:p80", "tcp", "4SW47YFZTEDKD3PK"],
    ["ns5/svc5:p80", "tcp", "NUKIZ6OKUXPJNT4C"],
    ["ns1/svc1", "tcp", "AQI2S6QIMU7PVVRP"],
  ];
  for (const [name, protocol, hash] of literals) {
    assert.deepEqual(servicePortChains(name, protocol), {
      svc: `KUBE-SVC-${hash}`,
      svl: `KUBE-SVL-${hash}`,
      ext: `KUBE-EXT-${hash}`,
      fw: `KUBE-FW-${hash}`,
    });
  }
});

Deno.test("KUBE-SEP names match kube-proxy's test literals, the endpoint's IP:port in the hash", () => {
  const literals: [string, string, string][] = [
    ["ns1/svc1:p80", "10.180.0.1:80", "KUBE-SEP-SXIVWICOYRO3J4NJ"],
    ["ns1/svc1:p80", "10.180.2.1:80", "KUBE-SEP-ZX7GRIZKSNUQ3LAJ"],
    ["ns2/svc2:p80", "10.180.0.2:80", "KUBE-SEP-RS4RBKLTHTF2IUXJ"],
    ["ns3/svc3:p80", "10.180.0.3:80", "KUBE-SEP-OYPFS5VJICHGATKP"],
    ["ns4/svc4:p80", "10.180.0.4:80", "KUBE-SEP-UKSFD7AGPMPPLUHC"],
    ["ns4/svc4:p80", "10.180.0.5:80", "KUBE-SEP-C6EBXVWJJZMIWKLZ"],
    // The same endpoint as ns3/svc3's, in another service: another chain.
    ["ns5/svc5:p80", "10.180.0.3:80", "KUBE-SEP-I77PXRDZVX7PMWMN"],
    ["ns1/svc1", "10.0.1.1:80", "KUBE-SEP-3JOIVZTXZZRGORX4"],
    ["ns1/svc1", "10.0.1.2:80", "KUBE-SEP-IO5XOSKPAXIFQXAJ"],
    ["ns1/svc1", "10.0.1.3:80", "KUBE-SEP-XGJFVO3L2O5SRFNT"],
    ["ns1/svc1", "10.0.1.5:80", "KUBE-SEP-EQCHZ7S2PJ72OHAY"],
  ];
  for (const [name, endpoint, chain] of literals) {
    assert.equal(servicePortEndpointChainName(name, "tcp", endpoint), chain, `${name} ${endpoint}`);
  }
});
