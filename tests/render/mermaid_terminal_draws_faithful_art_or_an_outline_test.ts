import assert from "node:assert/strict";
import { parseMermaid } from "../../lib/render/mermaid_model.ts";
import type { Flowchart } from "../../lib/render/mermaid_types.ts";
import { mermaidToTerminal } from "../../lib/render/mermaid_terminal.ts";
import { mermaidText } from "../../lib/render/mermaid_text.ts";
import { artProblems, boxProblems, outlineProblems, tooWide } from "./diagram_checks.ts";
import { BROKEN, GROUP_AS_END, MISPLACED, PIE, PING, VETH_PAIR } from "./diagrams.ts";

const isOutline = (text: string) => text.startsWith("┌ outline");

Deno.test("two namespaces joined by a veth pair are drawn, faithfully", () => {
  const text = mermaidToTerminal(VETH_PAIR, { width: 100 });
  assert.ok(!isOutline(text), text);
  assert.deepEqual(artProblems(parseMermaid(VETH_PAIR) as Flowchart, text), []);
  assert.deepEqual(tooWide(text, 100), []);
});

Deno.test("a drawing the terminal is too narrow for becomes an outline saying so", () => {
  const text = mermaidToTerminal(VETH_PAIR, { width: 19 });
  assert.ok(isOutline(text), text);
  assert.match(text.replace(/\n│ /g, " "), /its drawing needs \d+ columns/);
  assert.deepEqual(outlineProblems(parseMermaid(VETH_PAIR) as Flowchart, text), []);
});

Deno.test("a network beautiful-mermaid draws wrong is drawn as boxes of its groups", () => {
  for (const width of [80, 120, 400]) {
    const text = mermaidToTerminal(MISPLACED, { width });
    assert.ok(!isOutline(text), `${width}:\n${text}`);
    assert.deepEqual(boxProblems(parseMermaid(MISPLACED) as Flowchart, text), []);
    assert.deepEqual(tooWide(text, width), []);
    assert.match(text, /│ eth0 {2}203\.0\.113\.10\/24 {2}server on :8080 +═2═ eth0 in lab host/);
  }
});

Deno.test("a network too wide for the terminal even as boxes is an outline", () => {
  const text = mermaidToTerminal(MISPLACED, { width: 30 });
  assert.ok(isOutline(text), text);
  assert.deepEqual(outlineProblems(parseMermaid(MISPLACED) as Flowchart, text), []);
});

Deno.test("a group used as an edge end is never drawn as a box of its own", () => {
  const text = mermaidToTerminal(GROUP_AS_END, { width: 200 });
  assert.ok(isOutline(text), text);
  assert.match(text, /node 2 → pod A: node to pod/);
});

Deno.test("an outline lists groups as trees, then every edge with its label", () => {
  const text = mermaidText(MISPLACED, {
    width: 80,
    draw: () => ({ reason: "no faithful drawing" }),
  });
  assert.equal(
    text,
    [
      "┌ outline of a diagram (no faithful drawing; the HTML export has it)",
      "│ netns pod",
      "│ └─ eth0 · 10.244.1.2/24",
      "│ lab host (the node)",
      "│ ├─ veth-pod",
      "│ ├─ cni0 · 10.244.1.1/24",
      "│ └─ eth0 · 203.0.113.1/24",
      "│ netns internet",
      "│ └─ eth0 · 203.0.113.10/24 · server on :8080",
      "│",
      "│ eth0 in netns pod ←→ veth-pod: veth pair",
      "│ veth-pod — cni0",
      "│ eth0 in lab host (the node) ←→ eth0 in netns internet: veth pair",
      "└",
    ].join("\n"),
  );
});

Deno.test("a sequence diagram is drawn with its messages, or outlined in order", () => {
  const art = mermaidToTerminal(PING, { width: 100 });
  for (const label of ["client", "server", "ICMP echo request", "ICMP echo reply"]) {
    assert.ok(art.includes(label), `${label} in\n${art}`);
  }
  assert.ok(!art.includes("sequenceDiagram"));
  const outline = mermaidToTerminal(PING, { width: 30 });
  assert.ok(isOutline(outline), outline);
  assert.deepEqual(outlineProblems(parseMermaid(PING) as never, outline), []);
  assert.deepEqual(tooWide(outline, 30), []);
});

Deno.test("plain ASCII art on request", () => {
  const text = mermaidToTerminal("graph LR\n  A --> B", { ascii: true });
  assert.match(text, /\+-+\+/);
  assert.ok(!/[┌─│]/.test(text));
});

Deno.test("a diagram type it cannot draw is a one-line note, never its source", () => {
  const text = mermaidToTerminal(PIE, { width: 80 });
  assert.equal(text, "╶ a mermaid pie diagram: the HTML export has the drawing");
  assert.ok(!text.includes('"TCP"'));
});

Deno.test("a source it cannot read is a note naming the line, never the source; it never throws", () => {
  const text = mermaidToTerminal(BROKEN, { width: 100 });
  assert.match(text, /^╶ a mermaid diagram netbook cannot read \(line 2: /);
  assert.ok(!text.includes("client --> server"), text);
  for (const source of ["", "hello world", "graph XX\n  a --> b", "flowchart LR\n  a -->"]) {
    assert.match(mermaidToTerminal(source), /^╶ /);
  }
});
