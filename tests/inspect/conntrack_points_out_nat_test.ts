import assert from "node:assert/strict";
import { ConntrackTable, natOf } from "../../lib/inspect/conntrack_table.ts";
import { DISPLAY } from "../../lib/render/mime.ts";
import { calls, output } from "./lab_output.ts";
import { mimeText } from "../mime_texts.ts";

const table = ConntrackTable.parse(output("conntrack -L"));
const tcp = table.entries.find((e) => e.protocol === "tcp")!;
const icmp = table.entries.find((e) => e.protocol === "icmp")!;

Deno.test("a tcp entry keeps protocol, timeout, state, both tuples and flags", () => {
  const port = tcp.original.sport!;
  assert.ok(port > 1024);
  assert.deepEqual(tcp, {
    protocol: "tcp",
    protoNumber: 6,
    timeout: tcp.timeout,
    state: "TIME_WAIT",
    original: { src: "192.168.1.11", dst: "192.168.1.1", sport: port, dport: 8080 },
    reply: { src: "192.168.2.12", dst: "192.168.1.11", sport: 80, dport: port },
    flags: ["ASSURED"],
    mark: 0,
    use: 1,
  });
  assert.ok(tcp.timeout > 0 && tcp.timeout <= 120);
});

Deno.test("curl's connection through the DNAT rule is recognised as DNAT", () => {
  assert.equal(natOf(tcp), "DNAT");
  const text = mimeText(table[DISPLAY]());
  assert.match(
    text,
    new RegExp(
      `^tcp +TIME_WAIT +\\d+ +192\\.168\\.1\\.11:${tcp.original.sport} → 192\\.168\\.1\\.1:8080 +` +
        `192\\.168\\.2\\.12:80 → 192\\.168\\.1\\.11:${tcp.original.sport} +DNAT +ASSURED$`,
      "m",
    ),
  );
  assert.match(text, /^DNAT: tcp sent to 192\.168\.1\.1:8080, really goes to 192\.168\.2\.12:80$/m);
});

Deno.test("the masqueraded ping is recognised as SNAT to the lab host's address", () => {
  assert.equal(icmp.state, undefined);
  assert.deepEqual(icmp.original.type, 8);
  assert.deepEqual(icmp.reply.type, 0);
  assert.equal(icmp.reply.dst, "192.168.2.1");
  assert.equal(natOf(icmp), "SNAT");
  assert.match(
    mimeText(table[DISPLAY]()),
    /^SNAT: icmp from 192\.168\.1\.11, leaves as 192\.168\.2\.1$/m,
  );
  assert.equal(table.natted().entries.length, 2);
});

Deno.test("an entry for a protocol conntrack does not know keeps its number and flags", () => {
  const other = table.entries.find((e) => e.protocol === "unknown")!;
  assert.equal(other.protoNumber, 253);
  assert.deepEqual(other.flags, ["UNREPLIED"]);
  assert.equal(natOf(other), undefined);
  assert.match(mimeText(table[DISPLAY]()), /^proto 253 +\d+ /m);
});

Deno.test("NAT rows carry a class in HTML; the summary on stderr is not an entry", () => {
  const html = mimeText(table[DISPLAY](), "text/html");
  assert.equal(html.match(/<tr class="nb-nat">/g)?.length, 2);
  assert.match(html, /<p class="nb-note">DNAT: tcp sent to 192\.168\.1\.1:8080/);
  const empty = calls.find((c) => c.command === "ip netns exec b conntrack -L")!;
  assert.match(empty.stderr, /0 flow entries/);
  assert.deepEqual(ConntrackTable.parse(empty.stdout + empty.stderr).entries, []);
  assert.equal(
    ConntrackTable.parse(empty.stdout)[DISPLAY]()["text/plain"],
    "(no connections tracked)",
  );
});
