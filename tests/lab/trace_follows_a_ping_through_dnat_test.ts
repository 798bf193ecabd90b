import assert from "node:assert/strict";
import { join } from "node:path";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { labCanRun } from "../support.ts";
import { mimeText } from "../mime_texts.ts";
import { labBackends } from "../../lib/lab/backends.ts";

const path = "tests/data/trace_dnat.md";
const notebook = parseNotebook(await Deno.readTextFile(path), path);
const canRun = await labCanRun();

Deno.test({
  name: "lab.trace shows a live ping's path through raw and the DNAT rule in nat PREROUTING",
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
      const outputs = result.cells.find((c) => c.id === "trace")!.outputs;
      const shown = outputs.find((o) => o.type === "display");
      assert.ok(shown?.type === "display", "the trace shows nothing");
      const text = mimeText(shown.bundle);
      const rows = text.split("\n").slice(1);
      assert.match(
        rows[0] ?? "",
        /^1 +10\.1\.0\.2 → 10\.9\.9\.9 \(in veth-host\) +raw +PREROUTING +CONTINUE/,
      );
      assert.ok(
        rows.some((r) =>
          /nat +PREROUTING +ACCEPT +-A PREROUTING -d 10\.9\.9\.9\/32 -p icmp -j DNAT --to-destination 10\.1\.0\.1/
            .test(r)
        ),
        text,
      );
      // The reply leaves the host towards the client: a second packet, through raw OUTPUT.
      assert.ok(rows.some((r) => /^2 +10\.1\.0\.1 → 10\.1\.0\.2 .*raw +OUTPUT/.test(r)), text);
      const transcripts = outputs.flatMap((o) =>
        o.type === "command" ? [o.transcript.command] : []
      );
      assert.deepEqual(transcripts.filter((c) => c.includes("TRACE")), [
        "iptables -t raw -A PREROUTING -p icmp -j TRACE",
        "iptables -t raw -A OUTPUT -p icmp -j TRACE",
        "iptables -t raw -D PREROUTING -p icmp -j TRACE",
        "iptables -t raw -D OUTPUT -p icmp -j TRACE",
      ]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
