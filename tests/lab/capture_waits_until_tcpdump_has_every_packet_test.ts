/**
 * lab.capture returns only once tcpdump has written every packet the kernel handed it: a burst
 * of 200 flood pings (ping -f, no pause between them) is captured whole, 400 packets, each
 * request and each reply. A capture that stopped tcpdump as soon as the command ended would lose
 * the packets still in tcpdump's ring: tests/data/capture_stalled.md makes sure there are such
 * packets, by stopping tcpdump (SIGSTOP) during the burst and letting it go on only 300 ms after
 * the command has ended.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { PacketCapture } from "../../lib/inspect/packet_capture.ts";
import { pcapOf } from "../../lib/render/pcap_attachment.ts";
import { dataPath, liveOnly } from "../support.ts";
import { mimeText } from "../mime_texts.ts";
import { labBackends } from "../../lib/lab/backends.ts";

for (
  const [name, cell] of [["capture_export.md", "burst"], ["capture_stalled.md", "stalled"]] as const
) {
  Deno.test({
    name: `${name}: 200 flood pings are captured whole, 400 packets, none dropped`,
    ...(await liveOnly()),
    fn: async () => {
      const path = dataPath(name);
      const notebook = parseNotebook(await Deno.readTextFile(path), path);
      const dir = await Deno.makeTempDir();
      try {
        const fixture = join(dir, "f.json");
        const result = await runNotebook(notebook, {
          mode: "record",
          backends: labBackends(),
          fixture,
        });
        assert.ok(result.ok, result.error?.message);
        const outputs = result.cells.find((c) => c.id === cell)!.outputs;
        const shown = outputs.find((o) => o.type === "display" && pcapOf(o.bundle));
        assert.ok(shown?.type === "display");
        const capture = PacketCapture.parse(pcapOf(shown.bundle)!, { dev: "vb" });
        const icmp = capture.packets.map((p) => p.last("ICMP")!);
        assert.equal(icmp.length, 400, `${icmp.length} packets`);
        for (let seq = 1; seq <= 200; seq++) {
          const both = icmp.filter((i) => i.seq === seq).map((i) => i.kind).sort();
          assert.deepEqual(both, ["echo reply", "echo request"], `seq ${seq}`);
        }
        assert.match(
          mimeText(shown.bundle),
          /tcpdump: 400 captured, 400 received by filter, 0 dropped by kernel/,
        );
        const started = outputs.flatMap((o) => o.type === "command" ? [o.transcript.command] : []);
        assert.ok(
          started.includes(
            `ip netns exec b tcpdump -i vb -n -s 1600 -U --immediate-mode -w /tmp/${cell}.pcap icmp &`,
          ),
          started.join("\n"),
        );
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}
