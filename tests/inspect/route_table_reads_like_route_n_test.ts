import assert from "node:assert/strict";
import { routeFlags, RouteTable } from "../../lib/inspect/route_table.ts";
import { DISPLAY } from "../../lib/render/mime.ts";
import { output } from "./lab_output.ts";
import { mimeText } from "../mime_texts.ts";

const host = RouteTable.parse(output("ip -j route show"));
const a = RouteTable.parse(output("ip -n a -j route show"));
const all = RouteTable.parse(output("ip -j route show table all"));

/** The text/plain row (split on runs of spaces) whose first column is `destination`. */
function row(table: RouteTable, destination: string): string[] {
  const lines = mimeText(table[DISPLAY]()).split("\n").map((l) => l.trim().split(/\s+/));
  const [found, ...others] = lines.filter((cells) => cells[0] === destination);
  assert.ok(found && others.length === 0, `one row for ${destination}`);
  return found;
}

Deno.test("routes keep what ip says and fill in the kernel's defaults", () => {
  assert.deepEqual(a.routes, [
    {
      dst: "default",
      family: "inet",
      gateway: "192.168.1.1",
      dev: "eth0",
      protocol: "boot",
      scope: "global",
      metric: 0,
      table: "main",
      type: "unicast",
      flags: [],
    },
    {
      dst: "192.168.1.0/24",
      family: "inet",
      dev: "eth0",
      protocol: "kernel",
      scope: "link",
      metric: 0,
      table: "main",
      type: "unicast",
      prefsrc: "192.168.1.11",
      flags: [],
    },
  ]);
});

Deno.test("a subnet route shows its prefix as a dotted Genmask, flag U and gateway 0.0.0.0", () => {
  assert.deepEqual(
    row(a, "192.168.1.0"),
    ["192.168.1.0", "0.0.0.0", "255.255.255.0", "U", "0", "eth0", "kernel", "link"],
  );
  assert.equal(routeFlags(host.find("192.168.2.0/24")!), "U");
});

Deno.test("the default route is 0.0.0.0 with mask 0.0.0.0 and flags UG", () => {
  assert.deepEqual(
    row(a, "0.0.0.0"),
    ["0.0.0.0", "192.168.1.1", "0.0.0.0", "UG", "0", "eth0", "boot", "global"],
  );
});

Deno.test("a /32 route via a gateway is a host route: mask 255.255.255.255, flags UGH", () => {
  assert.deepEqual(
    row(host, "10.96.0.10"),
    ["10.96.0.10", "192.168.2.12", "255.255.255.255", "UGH", "0", "br0", "boot", "global"],
  );
});

Deno.test("the header has route -n's columns, then Proto and Scope", () => {
  const head = mimeText(host[DISPLAY]()).split("\n")[0]?.split(/\s+/);
  assert.deepEqual(head, [
    "Destination",
    "Gateway",
    "Genmask",
    "Flags",
    "Metric",
    "Iface",
    "Proto",
    "Scope",
  ]);
});

Deno.test("table all adds Table and Type columns, and IPv6 routes show their prefix length", () => {
  const local = all.routes.find((r) => r.type === "local" && r.dst === "192.168.1.1")!;
  assert.equal(local.table, "local");
  assert.equal(local.scope, "host");
  assert.deepEqual(row(all, "192.168.1.1").slice(2), [
    "255.255.255.255",
    "UH",
    "0",
    "br0",
    "kernel",
    "host",
    "local",
    "local",
  ]);
  const v6 = all.routes.find((r) => r.dst === "fe80::/64" && r.dev === "veth-a")!;
  assert.equal(v6.family, "inet6");
  assert.equal(v6.metric, 256);
  assert.ok(all.routes.some((r) => r.type === "broadcast" && r.dst === "192.168.2.255"));
  const html = mimeText(all[DISPLAY](), "text/html");
  assert.match(html, /<th[^>]*>Table<\/th><th[^>]*>Type<\/th><\/tr>/);
  assert.match(html, /<td[^>]*>fe80::<\/td><td[^>]*>::<\/td><td[^>]*>\/64<\/td>/);
});

Deno.test("routes render as an nb-table in HTML", () => {
  const html = mimeText(a[DISPLAY](), "text/html");
  assert.match(html, /^<table class="nb-table nb-routes"[^>]*>/);
  assert.match(
    html,
    /<tr><td[^>]*>0\.0\.0\.0<\/td><td[^>]*>192\.168\.1\.1<\/td><td[^>]*>0\.0\.0\.0<\/td><td[^>]*>UG<\/td>/,
  );
});
