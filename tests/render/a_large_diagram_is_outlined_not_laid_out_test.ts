/**
 * The terminal's layout engine can take minutes on a large diagram, and cannot be interrupted:
 * past a size, a hand-written flowchart is not laid out by it; a network of groups is drawn as
 * boxes (namespaces holding their interfaces), which takes no layout engine.
 */
import assert from "node:assert/strict";
import { mermaidToTerminal } from "../../lib/render/mermaid_terminal.ts";
import { closeArtWorker } from "../../lib/render/mermaid_art.ts";
import { readData } from "../support.ts";

Deno.test("two nodes with four pods (7 groups, 18 nodes) are drawn as boxes, not laid out", async () => {
  const started = performance.now();
  const text = mermaidToTerminal(await readData("two_nodes_four_pods.mmd"), { width: 100 });
  assert.doesNotMatch(text, /^┌ outline/);
  assert.match(text, /^┌─ netns pod1 ─/);
  // No layout engine ran: the first drawing would have loaded it (seconds), this takes less.
  assert.ok(performance.now() - started < 1500, `${performance.now() - started} ms`);
  for (
    const label of [
      "netns pod1",
      "netns lan (the switch)",
      "br0 (bridge)",
      "eth0  192.168.7.111/24",
    ]
  ) {
    assert.ok(text.includes(label), `${label} missing:\n${text}`);
  }
});

Deno.test("a small diagram whose layout never ends is given up, not waited for", () => {
  // beautiful-mermaid's layout loops on this one as a flowchart TB of five nodes: the drawing
  // runs in a worker that is stopped after its time limit; the other way round (LR) draws.
  const source = 'flowchart TB\n  br["cni0"]\n  v2["veth2"]\n  v3["veth3"]\n  e2["eth0"]\n' +
    '  e3["eth0 b"]\n  e2 --- v2\n  e3 --- v3\n  v2 --- br\n  v3 --- br';
  const text = mermaidToTerminal(source, { width: 100 });
  for (const label of ["cni0", "veth2", "veth3", "eth0 b"]) assert.ok(text.includes(label), text);
  closeArtWorker();
});
