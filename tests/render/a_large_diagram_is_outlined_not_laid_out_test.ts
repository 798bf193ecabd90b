/**
 * The terminal's layout engine can take minutes on a large diagram, and cannot be interrupted:
 * past a size, a hand-written flowchart goes straight to its outline.
 */
import assert from "node:assert/strict";
import { mermaidToTerminal } from "../../lib/render/mermaid_terminal.ts";
import { readData } from "../support.ts";

Deno.test("two nodes with four pods (7 groups, 18 nodes) are outlined, never laid out", async () => {
  const text = mermaidToTerminal(await readData("two_nodes_four_pods.mmd"), { width: 100 });
  assert.match(
    text,
    /^┌ outline of a diagram \(too large to draw in a terminal; the HTML export has it\)/,
  );
  for (
    const label of [
      "netns pod1",
      "netns lan (the switch)",
      "br0 (bridge)",
      "eth0 · 192.168.7.111/24",
    ]
  ) {
    assert.ok(text.includes(label), `${label} missing:\n${text}`);
  }
});
