/**
 * Starts one lab sandbox, runs each argument in it as a command line, closes it, and prints
 * what happened as one JSON object: the sandbox's kind and PID and each command's result.
 * It imports nothing but lib/lab/sandbox.ts (no npm packages), so that it also runs from a bare
 * copy of lib/ as an unprivileged user.
 *
 *   deno run --allow-run=unshare,nsenter --allow-sys=uid tests/data/sandbox_commands.ts CMD...
 */
import { Sandbox } from "../../lib/lab/sandbox.ts";

const sandbox = await Sandbox.start();
const results = [];
try {
  for (const command of Deno.args) results.push({ command, ...await sandbox.run(command) });
} finally {
  await sandbox.close();
}
console.log(JSON.stringify({ kind: sandbox.kind, pid: sandbox.pid, results }));
