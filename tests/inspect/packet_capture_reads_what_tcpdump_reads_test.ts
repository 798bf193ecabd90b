/**
 * The packet table reads capture files as tcpdump reads them. The files in tests/data/captures
 * were written by tcpdump in the lab (lab.capture): `vxlan.pcap` on a node's eth0 (a ping, a DNS
 * query and an HTTP request between pods, each inside VXLAN, VNI 1, UDP 8472), `pod.pcap` on the
 * DNS server pod's eth0 (an A record, an NXDOMAIN, a CNAME, HTTP, a ping). Each packet's
 * addresses and ports are checked against what `tcpdump -r` prints for the same file.
 */
import assert from "node:assert/strict";
import { captureDigest, PacketCapture } from "../../lib/inspect/packet_capture.ts";
import { parsePcap } from "../../lib/inspect/pcap_file.ts";
import { DISPLAY } from "../../lib/render/mime.ts";
import { PCAP_MIME, pcapOf } from "../../lib/render/pcap_attachment.ts";
import { dataPath } from "../support.ts";
import { mimeText } from "../mime_texts.ts";

const vxlanFile = dataPath("captures/vxlan.pcap");
const podFile = dataPath("captures/pod.pcap");
const vxlan = PacketCapture.parse(await Deno.readFile(vxlanFile), { ns: "node1", dev: "eth0" });
const pod = PacketCapture.parse(await Deno.readFile(podFile), { ns: "pod2", dev: "eth0" });

const tcpdump = await new Deno.Command("tcpdump", { args: ["--version"], stdout: "null" })
  .output().then((o) => o.success, () => false);

/** tcpdump's reading: per packet, each `IP a[.port] > b[.port]` it prints (outer, then inner). */
async function tcpdumpRead(file: string, vxlanToo: boolean): Promise<string[][]> {
  const out = await new Deno.Command("tcpdump", {
    args: ["-nr", file, ...(vxlanToo ? ["-T", "vxlan"] : [])],
    stdout: "piped",
    stderr: "null",
  }).output();
  const packets: string[][] = [];
  for (const line of new TextDecoder().decode(out.stdout).split("\n")) {
    const ip = /\bIP (\d+(?:\.\d+){3})(?:\.(\d+))? > (\d+(?:\.\d+){3})(?:\.(\d+))?:/.exec(line);
    if (/^\d\d:\d\d:\d\d\./.test(line)) packets.push([]);
    if (ip && packets.length) {
      packets.at(-1)!.push(
        `${ip[1]}${ip[2] ? `:${ip[2]}` : ""} > ${ip[3]}${ip[4] ? `:${ip[4]}` : ""}`,
      );
    }
  }
  return packets;
}

/** Our reading, in the same words: each IPv4 header's addresses, with its UDP or TCP ports. */
function ours(capture: PacketCapture): string[][] {
  return capture.packets.map((p) =>
    p.layers.flatMap((l, i) => {
      if (l.protocol !== "IPv4") return [];
      const t = p.layers[i + 1];
      const [sp, dp] = t?.protocol === "UDP" || t?.protocol === "TCP"
        ? [`:${t.sport}`, `:${t.dport}`]
        : ["", ""];
      return [`${l.src}${sp} > ${l.dst}${dp}`];
    })
  );
}

Deno.test({
  name: "every packet's addresses and ports, outer and inner, are the ones tcpdump reads",
  ignore: !tcpdump && !Deno.env.get("CI"),
  async fn() {
    assert.deepEqual(ours(pod), await tcpdumpRead(podFile, false));
    // -T vxlan makes tcpdump take every UDP packet for VXLAN, the inner DNS ones too: compare
    // the outer header and the first inner one, which it reads right.
    const read = await tcpdumpRead(vxlanFile, true);
    assert.deepEqual(ours(vxlan).map((p) => p.slice(0, 2)), read.map((p) => p.slice(0, 2)));
  },
});

Deno.test("a VXLAN packet is the outer UDP packet to port 8472, VNI 1, then the pods' frame", () => {
  assert.equal(vxlan.packets.length, 14);
  for (const p of vxlan.packets) {
    assert.equal(p.first("UDP")?.dport, 8472);
    assert.equal(p.first("VXLAN")?.vni, 1);
    assert.match(p.stack, /^Ethernet\/IPv4\/UDP\/VXLAN\/Ethernet\/IPv4\//);
    assert.deepEqual(
      [p.first("IPv4")?.src, p.last("IPv4")?.src].sort(),
      p.first("IPv4")?.src === "192.168.7.110"
        ? ["10.244.1.2", "192.168.7.110"]
        : ["10.244.2.2", "192.168.7.111"],
    );
  }
  const [request] = vxlan.packets;
  assert.ok(request);
  assert.equal(request.last("ICMP")?.kind, "echo request");
  // 64 bytes of ping, 8 of ICMP, 20 of inner IP, 14 of inner Ethernet, then 50 of tunnel and the
  // outer Ethernet header's 14: 148 on the wire.
  assert.equal(request.length, 148);
  assert.equal(request.last("IPv4")!.length + 50 + 14, 148);
});

Deno.test("DNS questions and answers are read: an A record, NXDOMAIN, a CNAME with its target", () => {
  const dns = pod.packets.map((p) => p.last("DNS")).filter((d) => d !== undefined);
  assert.deepEqual(dns.map((d) => [d.response, d.questions[0]?.name, d.rcode]), [
    [false, "web.default.svc.cluster.local", "NOERROR"],
    [true, "web.default.svc.cluster.local", "NOERROR"],
    [false, "nope.default.svc.cluster.local", "NOERROR"],
    [true, "nope.default.svc.cluster.local", "NXDOMAIN"],
    [false, "db.default.svc.cluster.local", "NOERROR"],
    [true, "db.default.svc.cluster.local", "NOERROR"],
  ]);
  assert.deepEqual(dns[1]?.answers, [
    { name: "web.default.svc.cluster.local", type: "A", data: "10.96.0.20" },
  ]);
  assert.deepEqual(dns[5]?.answers.map((a) => [a.type, a.data]), [
    ["CNAME", "db.example.org"],
    ["A", "203.0.113.7"],
  ]);
  assert.equal(dns[0]?.id, dns[1]?.id, "a response carries its query's id");
});

Deno.test("TCP flags read as tcpdump writes them, and the HTTP request line is shown", () => {
  const tcp = pod.packets.filter((p) => p.last("TCP"));
  assert.deepEqual(tcp.map((p) => p.last("TCP")!.flags).slice(0, 3), ["S", "S.", "."]);
  const text = mimeText(pod[DISPLAY]());
  assert.match(
    text,
    /^ +10 +[\d.]+ +10\.244\.1\.2 +10\.244\.2\.2 +HTTP +140 +\d+ → 80 \[P\.\] len 74 · GET \/ HTTP\/1\.1$/m,
  );
  assert.match(
    text,
    /response 0x[0-9a-f]{4} A db\.default\.svc\.cluster\.local: CNAME db\.example\.org, A 203\.0\.113\.7$/m,
  );
});

Deno.test("the table carries the capture file itself, byte for byte", async () => {
  const bundle = vxlan[DISPLAY]();
  assert.ok(bundle[PCAP_MIME]);
  assert.deepEqual(pcapOf(bundle), await Deno.readFile(vxlanFile));
  assert.match(mimeText(bundle, "text/html"), /<table class="nb-table nb-packets"[ >]/);
});

Deno.test("the digest a live run is compared on leaves out times, ephemeral ports and ids", async () => {
  const digest = captureDigest(await Deno.readFile(podFile));
  assert.match(
    digest,
    /^DNS 10\.244\.1\.2 → 10\.244\.2\.2 112 query <id> A web\.default\.svc\.cluster\.local$/m,
  );
  assert.match(digest, /^ICMP 10\.244\.1\.2 → 10\.244\.2\.2 98 echo request id <n> seq 1$/m);
  assert.doesNotMatch(digest, /\b(4[0-9]{4}|5[0-9]{4}|3[3-9][0-9]{3})\b/);
});

Deno.test("a file that is not a capture is refused, and a record cut short is left out", async () => {
  assert.throws(
    () => parsePcap(new TextEncoder().encode("not a pcap file at all....")),
    /not a pcap file/,
  );
  assert.throws(() => parsePcap(new Uint8Array(3)), /not a pcap file/);
  const bytes = await Deno.readFile(podFile);
  const whole = parsePcap(bytes).records.length;
  assert.equal(parsePcap(bytes.subarray(0, bytes.length - 5)).records.length, whole - 1);
});
