import assert from "node:assert/strict";
import { IptablesRuleset } from "../../lib/inspect/iptables_ruleset.ts";
import { DISPLAY } from "../../lib/render/mime.ts";
import { output } from "./lab_output.ts";
import { mimeText, mimeTexts } from "../mime_texts.ts";

const all = IptablesRuleset.parse(output("iptables-save -c"));
const DNAT = "-A PREROUTING -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.168.2.12:80";

Deno.test("the DNAT rule keeps the text the kernel prints back, with its counters", () => {
  const [rule] = all.chain("nat", "PREROUTING")!.rules;
  assert.deepEqual(rule, {
    table: "nat",
    chain: "PREROUTING",
    number: 1,
    text: DNAT,
    target: "DNAT",
    packets: 1,
    bytes: 60,
  });
});

Deno.test("the canonical form differs from what was typed: /32 added, -m tcp, escaped quote", () => {
  const [rule] = all.chain("filter", "LAB-FORWARD")!.rules;
  assert.ok(rule);
  assert.equal(
    rule.text,
    `-A LAB-FORWARD -d 192.168.2.12/32 -p tcp -m tcp --dport 80 -m comment --comment "to b\\'s web server" -j ACCEPT`,
  );
  assert.equal(rule.target, "ACCEPT");
  assert.ok(rule.packets! > 0);
});

Deno.test("tables and chains come in iptables-save's order, with policies and user chains", () => {
  assert.deepEqual(all.tables.map((t) => t.name), ["filter", "nat"]);
  assert.deepEqual(
    all.tables[0]?.chains.map((c) => [c.name, c.policy ?? "-"]),
    [["INPUT", "ACCEPT"], ["FORWARD", "ACCEPT"], ["OUTPUT", "ACCEPT"], ["LAB-FORWARD", "-"]],
  );
  assert.equal(all.chain("filter", "LAB-FORWARD")!.references, 1);
  assert.equal(all.chain("filter", "FORWARD")!.rules[0]?.target, "LAB-FORWARD");
  assert.deepEqual(all.rules.map((r) => r.target), ["LAB-FORWARD", "ACCEPT", "DNAT", "MASQUERADE"]);
});

Deno.test("the model filters to one table and/or one chain", () => {
  assert.deepEqual(
    all.only({ table: "nat" }).tables,
    IptablesRuleset.parse(output("iptables-save -c -t nat")).tables,
  );
  const prerouting = all.only({ table: "nat", chain: "PREROUTING" });
  assert.deepEqual(prerouting.rules.map((r) => r.text), [DNAT]);
  assert.deepEqual(all.only({ chain: "INPUT" }).tables.map((t) => t.name), ["filter", "nat"]);
  assert.deepEqual(all.only({ table: "mangle" }).tables, []);
  assert.equal(all.only({ table: "mangle" })[DISPLAY]()["text/plain"], "(no rules)");
});

Deno.test("text/plain groups rules by table and chain; HTML has a table per chain", () => {
  const [text, html] = mimeTexts(all.only({ table: "nat" })[DISPLAY](), "text/plain", "text/html");
  assert.deepEqual(text.split("\n").slice(0, 4), [
    "table nat",
    "  chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)",
    "    #  pkts  bytes  rule",
    `    1     1     60  ${DNAT}`,
  ]);
  assert.equal(html.match(/<table class="nb-table nb-iptables"[^>]*>/g)?.length, 4);
  assert.match(
    html,
    /<caption>nat · chain POSTROUTING \(policy ACCEPT 0 packets, 0 bytes\)<\/caption>/,
  );
  const comment = all.only({ chain: "LAB-FORWARD" })[DISPLAY]();
  assert.match(mimeText(comment), /chain LAB-FORWARD \(user chain, 1 reference\)/);
  assert.ok(mimeText(comment, "text/html").includes("--comment &quot;to b\\'s web server&quot;"));
});

Deno.test("a namespace without rules prints nothing, and that is an empty ruleset", () => {
  const empty = IptablesRuleset.parse(output("ip netns exec b iptables-save -c"));
  assert.deepEqual(empty.tables, []);
  assert.equal(empty[DISPLAY]()["text/plain"], "(no rules)");
});
