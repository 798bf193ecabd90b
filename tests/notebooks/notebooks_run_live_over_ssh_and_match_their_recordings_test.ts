/**
 * 02 and 07 run live in the SSH lab, against an sshd the test starts on 127.0.0.1, and match
 * their recordings (made in the netns lab) as the drift check sees them. The mode line names the
 * host; the new recording says it was made over SSH and on which kernel, and not where, and
 * replays without a lab.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { loadNotebook } from "../../lib/cli/curriculum.ts";
import { fixturePathFor } from "../../lib/fixture/paths.ts";
import { readFixture } from "../../lib/fixture/read_fixture.ts";
import { driftCheck } from "../../lib/fixture/drift_check.ts";
import { sshBackend } from "../../lib/lab/ssh_backend.ts";
import { sshdForThisModule } from "../lab/ssh_server.ts";

const sshd = await sshdForThisModule();
const ignore = "missing" in sshd && !Deno.env.get("CI");
if (ignore) {
  console.warn(`ignoring the notebooks over SSH: ${(sshd as { missing: string }).missing}`);
}

for (const path of ["notebooks/02-bridge.md", "notebooks/07-flannel-vxlan.md"]) {
  Deno.test({ name: `live ${path} over SSH matches its recording`, ignore }, async () => {
    assert.ok(
      !("missing" in sshd),
      `CI must run the SSH lab: ${"missing" in sshd && sshd.missing}`,
    );
    const notebook = await loadNotebook(path);
    const recorded = await readFixture(fixturePathFor(path), path);
    const dir = await Deno.makeTempDir({ prefix: "netbook-ssh-drift-" });
    try {
      const fresh = join(dir, "fresh.json");
      let reason = "";
      const result = await runNotebook(notebook, {
        mode: "record",
        fixture: fresh,
        backend: sshBackend(sshd.address),
        onMode: (_mode, why) => reason = why,
      });
      assert.ok(result.ok, result.error?.message);
      assert.match(
        reason,
        new RegExp(`^on ${sshd.address.slice(6).replaceAll(".", "\\.")} over SSH`),
      );
      const now = await readFixture(fresh, path);
      assert.deepEqual(Object.keys(now.recorded.backend).sort(), ["kernel", "kind"]);
      assert.equal(now.recorded.backend.kind, "ssh");
      assert.equal(now.recorded.backend.kernel, Deno.osRelease(), "the kernel is the host's");
      assert.doesNotMatch(
        await Deno.readTextFile(fresh),
        new RegExp(`${sshd.port}|127\\.0\\.0\\.1:`),
      );
      const both = new Set(
        recorded.recorded.capabilities.filter((c) => now.recorded.capabilities.includes(c)),
      );
      const skip = new Set(
        notebook.cells.filter((c) => c.options.requires.some((r) => !both.has(r))).map((c) => c.id),
      );
      assert.equal(driftCheck(path, recorded, now, skip), undefined);
      assert.deepEqual(sshd.leftFiles(), [], "files left where the lab ran");
      // What was recorded there replays here, without a lab.
      const replay = await runNotebook(notebook, { mode: "replay", fixture: fresh });
      assert.ok(replay.ok, replay.error?.message);
      assert.deepEqual(
        replay.cells.map((c) => [c.id, c.status]),
        result.cells.map((c) => [c.id, c.status]),
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
