/**
 * Once a lab's sandbox has exited, its PID is free for any new process, one in the host's own
 * namespaces included. A lab whose sandbox died must then refuse commands, saying why.
 */
import assert from "node:assert/strict";
import { netnsBackend } from "../../lib/lab/netns_backend.ts";
import { liveOnly } from "../support.ts";

Deno.test("a lab whose sandbox was killed refuses to run commands", await liveOnly(), async () => {
  const lab = await netnsBackend.start();
  assert.equal((await lab.exec("true")).code, 0);
  Deno.kill(lab.pid, "SIGKILL");
  await lab.close();
  await assert.rejects(
    lab.exec("ip link add nbdead0 type veth peer name nbdead1"),
    /the lab has ended \(its sandbox, PID \d+, exited\), so `ip link add nbdead0/,
  );
});
