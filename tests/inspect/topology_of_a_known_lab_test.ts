import assert from "node:assert/strict";
import { join } from "node:path";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import type { RunResult } from "../../lib/execute/results.ts";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { labCanRun } from "../support.ts";
import { assertGolden } from "./golden.ts";
import { mimeText } from "../mime_texts.ts";
import { labBackends } from "../../lib/lab/backends.ts";

// A lab of two namespaces on a bridge (tests/data/topology_lab.md), drawn by lab.topology().
const path = "tests/data/topology_lab.md";
const notebook = parseNotebook(await Deno.readTextFile(path), path);
const canRun = await labCanRun();

function drawing(result: RunResult): string {
  assert.ok(result.ok, result.error?.message);
  const out = result.cells.find((c) => c.id === "draw")!.outputs.find((o) => o.type === "display");
  assert.ok(out?.type === "display");
  return mimeText(out.bundle, "text/markdown");
}

Deno.test("lab.topology draws namespaces, addresses, veth pairs and bridge ports", async () => {
  const md = drawing(await runNotebook(notebook, { mode: "replay" }));
  assert.match(md, /^```mermaid\nflowchart LR\n/);
  assert.match(md, /subgraph host_\["lab host"\]/);
  assert.match(md, /subgraph ns_client1_\["netns client1"\]/);
  assert.match(md, /host_bridge1\["bridge1 \(bridge\)<br\/>192\.168\.1\.1\/24"\]/);
  assert.match(md, /ns_client1_client1_veth\["client1-veth \(veth\)<br\/>192\.168\.1\.11\/24"\]/);
  assert.match(md, /host_client1_veth_br ---\|veth\| ns_client1_client1_veth/);
  assert.match(md, /host_client1_veth_br -\.-\|port\| host_bridge1/);
  assert.doesNotMatch(md, /\blo\b/, "an unused loopback is left out");
  await assertGolden("topology_bridge_lab.md", md);
});

Deno.test({
  name: "the same lab state gives a byte-identical topology, live as recorded",
  ignore: !canRun && !Deno.env.get("CI"),
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const live = await runNotebook(notebook, {
        mode: "record",
        backends: labBackends(),
        fixture: join(dir, "f.json"),
      });
      const replayed = await runNotebook(notebook, { mode: "replay" });
      assert.equal(drawing(live), drawing(replayed));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
