import assert from "node:assert/strict";
import { join } from "node:path";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { labCanRun } from "../support.ts";
import { labBackends } from "../../lib/lab/backends.ts";

const path = "tests/data/background.md";
const notebook = parseNotebook(await Deno.readTextFile(path), path);
const canRun = await labCanRun();

function displayed(result: Awaited<ReturnType<typeof runNotebook>>, cell: string): string {
  return result.cells.find((c) => c.id === cell)!.outputs
    .map((o) =>
      o.type === "display"
        ? o.bundle["text/plain"]
        : o.type === "command"
        ? `$ ${o.transcript.command}\n${o.transcript.stdout}`
        : o.text
    )
    .join("\n");
}

Deno.test("a background server answers, and a stopped monitor hands back what it printed (replay)", async () => {
  const result = await runNotebook(notebook, { mode: "replay" });
  assert.ok(result.ok, result.error?.message);
  const text = displayed(result, "serve");
  assert.match(text, /\$ socat TCP-LISTEN:8080.* &/);
  assert.match(text, /hello/);
  assert.match(text, /\[stopped\] ping -i 0\.2 127\.0\.0\.1\nPING[\s\S]*icmp_seq=2/);
});

Deno.test({
  name: "background commands run live, and stop() ends their whole process group",
  ignore: !canRun && !Deno.env.get("CI"),
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const result = await runNotebook(notebook, {
        mode: "record",
        backends: labBackends(),
        fixture: join(dir, "f.json"),
      });
      assert.ok(result.ok, result.error?.message);
      assert.equal(result.cells.find((c) => c.id === "stopped")!.status, "ok");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
