import assert from "node:assert/strict";
import { parseRouteGet } from "../../lib/inspect/route_lookup.ts";
import { RouteTable } from "../../lib/inspect/route_table.ts";
import { DISPLAY } from "../../lib/render/mime.ts";
import { output } from "./lab_output.ts";
import { mimeText, mimeTexts } from "../mime_texts.ts";

const a = RouteTable.parse(output("ip -n a -j route show"));
const host = RouteTable.parse(output("ip -j route show"));

Deno.test("ip route get is parsed into the kernel's choice", () => {
  assert.deepEqual(parseRouteGet(output("ip -n a -j route get 192.168.2.12")), {
    dst: "192.168.2.12",
    type: "unicast",
    gateway: "192.168.1.1",
    dev: "eth0",
    prefsrc: "192.168.1.11",
    cache: [],
  });
  const local = parseRouteGet(output("ip -j route get 192.168.1.1"));
  assert.equal(local.type, "local");
  assert.equal(local.dev, "lo");
});

Deno.test("from a, 192.168.2.12 takes the default route: its row is marked and explained", () => {
  const table = a.highlight(parseRouteGet(output("ip -n a -j route get 192.168.2.12")));
  assert.equal(table.chosen, table.find("default"));
  const [text, html] = mimeTexts(table[DISPLAY](), "text/plain", "text/html");
  const lines = text.split("\n");
  assert.match(lines[1] ?? "", /^→ 0\.0\.0\.0 +192\.168\.1\.1 +0\.0\.0\.0 +UG /);
  assert.match(lines[2] ?? "", /^ {2}192\.168\.1\.0 /);
  assert.equal(lines.at(-1), "→ 192.168.2.12 goes via 192.168.1.1 dev eth0, from 192.168.1.11");
  assert.match(
    html,
    /<tr class="nb-chosen"><td[^>]*>0\.0\.0\.0<\/td><td[^>]*>192\.168\.1\.1<\/td>/,
  );
  assert.equal(html.match(/nb-chosen/g)?.length, 1);
});

Deno.test("the longest prefix wins: 10.96.0.10 takes its /32, 192.168.2.12 the on-link /24", () => {
  const service = host.highlight(parseRouteGet(output("ip -j route get 10.96.0.10")));
  assert.equal(service.chosen?.dst, "10.96.0.10");
  const direct = host.highlight(parseRouteGet(output("ip -j route get 192.168.2.12")));
  assert.equal(direct.chosen?.dst, "192.168.2.0/24");
  assert.equal(
    mimeText(direct[DISPLAY]()).split("\n").at(-1),
    "→ 192.168.2.12 goes directly (on-link, no gateway) dev br0, from 192.168.2.1",
  );
});

Deno.test("a local address is found in table local, and the main table says it is not there", () => {
  const lookup = parseRouteGet(output("ip -j route get 192.168.1.1"));
  const main = host.highlight(lookup);
  assert.equal(main.chosen, undefined);
  const text = mimeText(main[DISPLAY]());
  assert.ok(!text.includes("→ 192.168.1.0"), text);
  assert.match(text, /→ 192\.168\.1\.1 is local: delivered inside this namespace \(dev lo\)\n/);
  assert.match(text, /it is in table local\)$/);
  const all = RouteTable.parse(output("ip -j route show table all")).highlight(lookup);
  assert.deepEqual(
    [all.chosen?.dst, all.chosen?.table, all.chosen?.type],
    ["192.168.1.1", "local", "local"],
  );
});
