import assert from "node:assert/strict";
import { readFixture } from "../../lib/fixture/read_fixture.ts";
import { parseTrace, TracePath } from "../../lib/inspect/trace_path.ts";
import { DISPLAY } from "../../lib/render/mime.ts";
import { mimeText } from "../mime_texts.ts";
import { recordedCalls } from "../recorded_calls.ts";

// Real `xtables-monitor --trace` output, from the recording of tests/data/trace_dnat.md.
const fixture = await readFixture("tests/data/trace_dnat.fixture.json", "tests/data/trace_dnat.md");
const events =
  recordedCalls(fixture, "trace").find((c) => c.command.includes("kill -TERM"))!.stdout;

Deno.test("parseTrace numbers packets in order and keeps table, chain, verdict and rule", () => {
  const steps = parseTrace(events);
  assert.ok(steps.length >= 4);
  assert.deepEqual(steps[0], {
    packet: 1,
    table: "raw",
    chain: "PREROUTING",
    kind: "rule",
    verdict: "CONTINUE",
    rule: "-A PREROUTING -p icmp -j TRACE",
    in: "veth-host",
    out: undefined,
    src: "10.1.0.2",
    dst: "10.9.9.9",
    proto: undefined,
  });
  const dnat = steps.find((s) => s.table === "nat")!;
  assert.equal(dnat.rule, "-A PREROUTING -d 10.9.9.9/32 -p icmp -j DNAT --to-destination 10.1.0.1");
  assert.equal(dnat.verdict, "ACCEPT");
  assert.ok(steps.some((s) => s.kind === "policy" && s.verdict === "ACCEPT"));
  assert.deepEqual([...new Set(steps.map((s) => s.packet))], [1, 2]);
});

Deno.test("a trace renders as a table and a mermaid sequence diagram", () => {
  const path = new TracePath(parseTrace(events));
  const b = path[DISPLAY]();
  assert.match(mimeText(b), /^#\s+packet\s+table\s+chain\s+verdict\s+rule/);
  assert.match(mimeText(b, "text/html"), /<td[^>]*>DNAT|--to-destination 10\.1\.0\.1/);
  assert.match(
    mimeText(b, "text/markdown"),
    /^```mermaid\nsequenceDiagram\n {2}participant H0 as PREROUTING/,
  );
  assert.ok(path.chains.includes("nat:PREROUTING"));
});

Deno.test("an empty trace says so instead of showing an empty table", () => {
  assert.match(mimeText(new TracePath([])[DISPLAY]()), /no packet was traced/);
});

Deno.test("a verdict printed as a number (a RETURN from a user chain) reads as its name", () => {
  const steps = parseTrace(
    "PACKET: 2 3a1 IN=cni0 SRC=10.244.1.10 DST=10.96.0.10\n" +
      " TRACE: 2 3a1 nat:KUBE-SEP-X:rule:0xd:0xfffffffb  -4 -t nat -A KUBE-SEP-X -s 10.244.1.11/32 -j RETURN\n",
  );
  assert.equal(steps.length, 1);
  assert.equal(steps[0]?.verdict, "RETURN");
  assert.equal(steps[0]?.rule, "-A KUBE-SEP-X -s 10.244.1.11/32 -j RETURN");
});
