/**
 * Holds a lab of the named backend for backend_contract.ts: starts it, starts a daemon in it
 * and a command that sleeps, prints "held <lab's host PID>", and waits to be killed.
 *   deno run -A tests/lab/hold_lab.ts vm
 */
import { backendNamed } from "../../lib/lab/backends.ts";

const lab = await backendNamed(Deno.args[0] ?? "netns").start();
const daemon = await lab.exec("sleep 300 >/dev/null 2>&1 & echo $!");
if (daemon.code !== 0) throw new Error("the lab could not start a daemon");
// Once `sleep 300` runs in the foreground too, the lab is as busy as a notebook mid-cell.
const sleeping = lab.exec("sleep 300");
const seen = await lab.exec(
  `timeout 30 bash -c 'until [ "$(pgrep -c -x -f "sleep 300")" = 2 ]; do sleep 0.05; done'`,
);
if (seen.code !== 0) throw new Error("the lab's sleep never started");
Deno.stdout.writeSync(new TextEncoder().encode(`held ${lab.pid}\n`));
await sleeping;
