/**
 * Starts one micro-VM lab (building its image first if need be), runs each argument in it as a
 * command line, closes it, and prints what happened as one JSON object: the lab's description,
 * what qemu ran as (from /proc while the lab ran), the progress it reported, and each command's
 * result. It imports nothing but lib/lab/ and lib/capability/ (no npm packages), so that it
 * also runs from a bare copy of lib/ as an unprivileged user.
 *
 *   deno run -A tests/data/vm_lab_commands.ts CMD...
 */
import { vmBackend } from "../../lib/lab/vm_backend.ts";

const progress: string[] = [];
const lab = await vmBackend.start({ onProgress: (m) => progress.push(m) });
const status = Object.fromEntries(
  Deno.readTextFileSync(`/proc/${lab.pid}/status`).split("\n")
    .map((l) => l.split(":\t"))
    .filter(([k = ""]) => ["Uid", "CapEff", "NoNewPrivs", "Seccomp"].includes(k)),
);
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
console.log(JSON.stringify({ info: lab.info, qemu: status, progress, results }));
