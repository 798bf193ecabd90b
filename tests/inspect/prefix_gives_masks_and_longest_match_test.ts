import assert from "node:assert/strict";
import { Prefix } from "../../lib/inspect/prefix.ts";

Deno.test("a prefix length is written as a dotted mask", () => {
  assert.equal(Prefix.parse("192.168.1.0/24").mask, "255.255.255.0");
  assert.equal(Prefix.parse("10.244.0.0/16").mask, "255.255.0.0");
  assert.equal(Prefix.parse("10.244.1.64/26").mask, "255.255.255.192");
  assert.equal(Prefix.parse("10.96.0.10").mask, "255.255.255.255");
  assert.equal(Prefix.parse("default").mask, "0.0.0.0");
  assert.equal(Prefix.parse("default").address, "0.0.0.0");
  assert.equal(Prefix.parse("default", "inet6").address, "::");
});

Deno.test("containment decides which routes can carry an address", () => {
  assert.ok(Prefix.parse("192.168.1.0/24").contains("192.168.1.200"));
  assert.ok(!Prefix.parse("192.168.1.0/24").contains("192.168.2.1"));
  assert.ok(Prefix.parse("default").contains("8.8.8.8"));
  assert.ok(!Prefix.parse("default").contains("fe80::1"));
  assert.ok(Prefix.parse("fe80::/64").contains("fe80::c0f8:a8ff:fe0a:cb9a"));
  assert.ok(!Prefix.parse("fe80::/64").contains("fe81::1"));
});

Deno.test("IPv6 addresses are read in every written form and written back compressed", () => {
  assert.equal(Prefix.parse("ff00::/8").address, "ff00::");
  assert.equal(Prefix.parse("::1").address, "::1");
  assert.equal(Prefix.parse("1:0:0:2:0:0:0:3").address, "1:0:0:2::3");
  assert.equal(Prefix.parse("::ffff:10.0.0.1").address, "::ffff:a00:1");
  assert.throws(() => Prefix.parse("10.0.0.256"), SyntaxError);
  assert.throws(() => Prefix.parse("10.0.0.0/33"), SyntaxError);
  assert.throws(() => Prefix.parse("1::2::3"), SyntaxError);
});

Deno.test("a prefix is read strictly: one length, of digits, and addresses in ip's own forms", () => {
  for (
    const bad of [
      "10.0.0.0/",
      "10.0.0.0/24/8",
      "10.0.0.0/-1",
      "10.1",
      "0x0a.0.0.1",
      "1:2:3:4:5:6:7:8:9",
    ]
  ) {
    assert.throws(() => Prefix.parse(bad), SyntaxError, bad);
  }
  // A link-local address with its zone, as ping and ss print it.
  assert.ok(Prefix.parse("fe80::/64").contains("fe80::1%eth0"));
});
