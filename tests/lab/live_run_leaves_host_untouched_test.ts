/**
 * A live run does to its lab everything the lessons do (namespaces, veth, a bridge, routes,
 * policy rules, NAT, forwarding, a daemon) and none of it to the host: the host's network looks
 * the same while the lab is up and after it is gone, and the lab leaves no process behind.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { parseNotebook, runNotebook } from "../../runtime.ts";
import type { RunEvent } from "../../lib/runner/protocol.ts";
import { type HostSnapshot, hostSnapshot, snapshotDiff } from "./host_snapshot.ts";
import {
  alive,
  describe,
  ended,
  type HostProcess,
  labPidNamespaces,
  processes,
  waitFor,
} from "./host_processes.ts";
import { labBackends } from "../../lib/lab/backends.ts";

const NOTEBOOK = fileURLToPath(new URL("../data/host_lab.md", import.meta.url));
const LAB_NAMESPACES = ["client", "server", "web"];

/** What the test saw of the host while the lab was still up (during the notebook's last cell). */
interface MidRun {
  snapshot: HostSnapshot;
  labProcesses: HostProcess[];
  sandboxAliveAfter: boolean;
}

Deno.test("a live run changes only its lab, never the host", async () => {
  const before = await hostSnapshot();
  let sandboxPid = 0;
  let pidns = new Set<string>();
  let midRun: Promise<MidRun> | undefined;
  const onEvent = (e: RunEvent) => {
    if (e.t === "ready") {
      sandboxPid = e.labPid ?? 0;
      pidns = labPidNamespaces(sandboxPid);
    }
    if (e.t === "command-start" && e.cell === "hold") {
      midRun = (async () => {
        const snapshot = await hostSnapshot();
        const labProcesses = processes().filter((p) => pidns.has(p.pidns));
        return { snapshot, labProcesses, sandboxAliveAfter: alive(sandboxPid) };
      })();
    }
  };

  const notebook = parseNotebook(await Deno.readTextFile(NOTEBOOK), NOTEBOOK);
  const result = await runNotebook(notebook, { mode: "live", backends: labBackends(), onEvent });

  // The run really happened, live, and every cell did its work in the lab.
  assert.equal(result.mode, "live");
  assert.ok(result.ok, `the run failed: ${result.error?.message}`);
  assert.deepEqual(
    result.cells.map((c) => [c.id, c.status]),
    notebook.cells.map((c) => [c.id, "ok"]),
  );
  const check = result.cells.find((c) => c.id === "check")!;
  assert.ok(
    check.outputs.some((o) => o.type === "stream" && o.text.includes("lab-changes-confirmed")),
    "the check cell did not confirm the lab's changes",
  );
  const rules = check.outputs.find((o) =>
    o.type === "command" && o.transcript.command === "iptables-save"
  );
  assert.ok(rules?.type === "command");
  assert.match(rules.transcript.stdout, /-j DNAT --to-destination 10\.0\.0\.12:80/);
  assert.ok(sandboxPid > 0, "no ready event named the sandbox");

  // While the lab was up, with all of it in place, the host was unchanged.
  assert.ok(midRun, "the hold cell never started");
  const during = await midRun;
  assert.ok(during.sandboxAliveAfter, "the lab was gone before the host could be inspected");
  assert.ok(
    during.labProcesses.some((p) => p.args === "sleep 300"),
    `the lab's daemon was not running in the lab:\n${describe(during.labProcesses)}`,
  );
  assert.equal(snapshotDiff(before, during.snapshot), "", "the host changed while the lab ran");
  for (const name of LAB_NAMESPACES) {
    assert.doesNotMatch(during.snapshot["/run/netns"], new RegExp(`^${name}$`, "m"));
  }

  // After the run: the host is as it was, and nothing of the lab is left.
  const after = await hostSnapshot();
  assert.equal(snapshotDiff(before, after), "", "the host changed after the run");
  for (const name of LAB_NAMESPACES) {
    assert.doesNotMatch(after["/run/netns"], new RegExp(`^${name}$`, "m"));
  }
  assert.ok(await waitFor(() => !alive(sandboxPid), 2000), "the sandbox outlived the run");
  const left = processes().filter((p) => pidns.has(p.pidns) && !ended(p));
  assert.deepEqual(left, [], `the lab left processes behind:\n${describe(left)}`);
});
