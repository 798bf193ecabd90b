import assert from "node:assert/strict";
import { mermaidToTerminal } from "../../lib/render/mermaid_terminal.ts";
import { BROKEN, PIE, PING, VETH_PAIR } from "./diagrams.ts";

const widest = (text: string) => Math.max(...text.split("\n").map((l) => [...l].length));
const isFramedSource = (text: string, source: string) =>
  text.startsWith("┌─ diagram (mermaid)") &&
  source.split("\n").every((l) => text.includes(`│ ${l}`));

Deno.test("a flowchart of two namespaces joined by a veth pair becomes box art", () => {
  const text = mermaidToTerminal(VETH_PAIR, { width: 100 });
  for (const label of ["netns client", "netns server", "veth-client", "10.0.0.12/24", "veth"]) {
    assert.ok(text.includes(label), `${label} in\n${text}`);
  }
  assert.match(text, /[┌└│─]/);
  assert.ok(!text.includes("subgraph"), "drawn, not the source");
  assert.ok(widest(text) <= 100);
});

Deno.test("a sequence diagram becomes lifelines with its messages", () => {
  const text = mermaidToTerminal(PING, { width: 100 });
  for (const label of ["client", "server", "ICMP echo request", "ICMP echo reply"]) {
    assert.ok(text.includes(label), `${label} in\n${text}`);
  }
  assert.ok(!text.includes("sequenceDiagram"));
});

Deno.test("plain ASCII art on request", () => {
  const text = mermaidToTerminal("graph LR\n  A --> B", { ascii: true });
  assert.match(text, /\+-+\+/);
  assert.ok(!/[┌─│]/.test(text));
});

Deno.test("a diagram type it cannot draw falls back to its source in a frame", () => {
  const text = mermaidToTerminal(PIE);
  assert.ok(isFramedSource(text, PIE), text);
});

Deno.test("an invalid diagram falls back to its source, never throws", () => {
  for (
    const source of [BROKEN, "", "hello world", "graph XX\n  a --> b", "flowchart LR\n  a -->"]
  ) {
    const text = mermaidToTerminal(source);
    assert.equal(typeof text, "string");
    if (source === BROKEN) assert.ok(isFramedSource(text, BROKEN), text);
  }
});

Deno.test("art wider than the terminal falls back to the source", () => {
  const chain = "graph LR\n  " +
    Array.from({ length: 12 }, (_, i) => `n${i}[namespace-${i}]`).join(" --> ");
  assert.ok(!mermaidToTerminal(chain, { width: 1000 }).startsWith("┌─ diagram"));
  const narrow = mermaidToTerminal(chain, { width: 60 });
  assert.ok(isFramedSource(narrow, chain), narrow);
});
