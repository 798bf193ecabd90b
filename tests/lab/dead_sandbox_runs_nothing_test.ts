/**
 * Once a sandbox has exited, its PID is free for any new process, one in the host's own
 * namespaces included. A lab whose sandbox died must then refuse commands, never nsenter a PID
 * that may now belong to the host.
 */
import assert from "node:assert/strict";
import { Sandbox } from "../../lib/lab/sandbox.ts";
import { alive, waitFor } from "./host_processes.ts";

Deno.test("a lab whose sandbox was killed refuses to run commands", async () => {
  const sandbox = await Sandbox.start();
  assert.equal((await sandbox.run("true")).code, 0);
  Deno.kill(sandbox.pid, "SIGKILL");
  await sandbox.close();
  assert.ok(await waitFor(() => !alive(sandbox.pid), 2000));
  await assert.rejects(
    sandbox.run("ip link add nbdead0 type veth peer name nbdead1"),
    /the lab has ended \(its sandbox, PID \d+, exited\)/,
  );
});
