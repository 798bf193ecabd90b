import assert from "node:assert/strict";
import { AddressTable } from "../../lib/inspect/address_table.ts";
import { DISPLAY } from "../../lib/render/mime.ts";
import { output } from "./lab_output.ts";
import { mimeText, mimeTexts } from "../mime_texts.ts";

const host = AddressTable.parse(output("ip -j addr show"));
const a = AddressTable.parse(output("ip -n a -j addr show"));

Deno.test("addresses keep interface, state, family, address/prefix and scope", () => {
  const eth0 = a.get("eth0")!;
  assert.equal(eth0.state, "UP");
  assert.deepEqual(eth0.addresses[0], {
    family: "inet",
    local: "192.168.1.11",
    prefixlen: 24,
    scope: "global",
  });
  assert.equal(eth0.addresses[1]?.family, "inet6");
  assert.equal(eth0.addresses[1]?.scope, "link");
  assert.match(eth0.addresses[1].local, /^fe80::/);
  assert.deepEqual(
    host.get("br0")!.addresses.filter((x) => x.family === "inet").map((x) => x.local),
    ["192.168.1.1", "192.168.2.1"],
  );
  assert.deepEqual(a.get("lo")!.addresses.map((x) => `${x.local}/${x.prefixlen} ${x.scope}`), [
    "127.0.0.1/8 host",
    "::1/128 host",
  ]);
});

Deno.test("an interface without addresses still gets a row", () => {
  assert.equal(host.get("lo")!.state, "DOWN");
  assert.deepEqual(host.get("lo")!.addresses, []);
  assert.match(mimeText(host[DISPLAY]()), /^lo +DOWN +\(no address\)$/m);
});

Deno.test("each address is one aligned row, and one <tr> in HTML", () => {
  const [text, html] = mimeTexts(a[DISPLAY](), "text/plain", "text/html");
  const lines = text.split("\n");
  assert.deepEqual(lines[0]?.split(/\s+/), ["Iface", "State", "Family", "Address", "Scope"]);
  assert.match(text, /^eth0 +UP +inet +192\.168\.1\.11\/24 +global$/m);
  assert.equal(lines.length, 1 + a.addresses.length);
  assert.equal(lines[1]?.indexOf("UNKNOWN"), lines[0]?.indexOf("State"));
  assert.equal(html.match(/<tr><td[^>]*>/g)?.length, a.addresses.length);
  assert.match(html, /^<table class="nb-table nb-addresses"[^>]*>/);
});
