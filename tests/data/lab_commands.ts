/**
 * Starts one netns lab, runs each argument in it as a command line, closes it, and prints what
 * happened as one JSON object: the lab's description and PID and each command's result.
 * It imports nothing but lib/lab/ and lib/capability/ (no npm packages), so that it also runs
 * from a bare copy of lib/ as an unprivileged user.
 *
 *   deno run --allow-run=bwrap,setpriv --allow-read --allow-sys=uid tests/data/lab_commands.ts CMD...
 */
import { netnsBackend } from "../../lib/lab/netns_backend.ts";

const lab = await netnsBackend.start();
const decoder = new TextDecoder();
const results = [];
try {
  for (const command of Deno.args) {
    const r = await lab.exec(command);
    results.push({
      command,
      stdout: decoder.decode(r.stdout),
      stderr: decoder.decode(r.stderr),
      code: r.code,
    });
  }
} finally {
  await lab.close();
}
console.log(JSON.stringify({ info: lab.info, pid: lab.pid, results }));
