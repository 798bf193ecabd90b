/**
 * The whole curriculum, replayed and printed as `deno task notebook all` prints it in a terminal
 * of 80 and of 120 columns: no line is wider than the terminal (tables fitted, transcripts wrapped
 * in their gutter, diagrams drawn or outlined for the width), and at 120 columns every diagram a
 * notebook draws for its reader is drawn, not outlined.
 */
import assert from "node:assert/strict";
import { runCommand } from "../../lib/cli/run_command.ts";
import { closeArtWorker } from "../../lib/render/mermaid_art.ts";
import { makeStyle } from "../../lib/render/style.ts";
import { textWidth } from "../../lib/render/text_width.ts";

async function printed(columns: number): Promise<string> {
  let text = "";
  const code = await runCommand(
    {
      write: (t) => void (text += t),
      style: makeStyle(false),
      width: Math.min(columns, 100),
      columns,
      tty: false,
    },
    ["all"],
    { mode: "replay", quiet: false },
  );
  assert.equal(code, 0, text.slice(-2000));
  return text;
}

for (const columns of [80, 120]) {
  Deno.test(`the replayed curriculum fits a terminal of ${columns} columns`, async () => {
    const text = await printed(columns);
    const wide = text.split("\n").filter((l) => textWidth(l) > columns);
    assert.deepEqual(wide.map((l) => `${textWidth(l)}: ${l}`), []);
    if (columns === 120) {
      // Every diagram of the curriculum is drawn: not one outline, however wide its source.
      const outlines = text.match(/^┌ outline of a diagram[^\n]*/gm) ?? [];
      assert.deepEqual(outlines, []);
      // The trace of notebook 04 (the reply's way home) and the Service chains of notebook 11,
      // once outlined for want of room (159 and 132 columns), are among the drawings.
      assert.match(text, /│ in cni0 out eth0: nat rule -j MASQUERADE → ACCEPT │/);
      assert.match(text, /│ *ingress-nginx\/ *│[^\n]*\n[^\n]*│ *ingress-nginx-controller:http *│/);
    }
    // A long command wraps inside its gutter: the next line is indented under it.
    assert.match(text, /\n\$ ip netns exec web socat [^\n]*\n {4,}\S/);
    // The trace table's rule column is whole, wrapped at words (the diagram names a rule by its
    // target alone).
    assert.match(text, /--tcp-flags\s+FIN,SYN,RST,ACK SYN\s+-j TRACE/);
  });
}

Deno.test({
  name: "(the diagram worker is stopped)",
  fn: () => closeArtWorker(),
  sanitizeResources: false,
  sanitizeOps: false,
});
