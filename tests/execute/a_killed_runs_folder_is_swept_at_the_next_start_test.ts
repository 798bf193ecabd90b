/** A run killed with kill -9 cannot remove its folder; the next run does. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { sweepDeadRuns } from "../../lib/execute/run_dir.ts";

/** A PID no process has: one past the kernel's highest. */
function deadPid(): number {
  return Number(Deno.readTextFileSync("/proc/sys/kernel/pid_max").trim()) + 1;
}

Deno.test("the folders of runs whose process is gone are removed; the others stay", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const dead = join(tmp, `netbook-run-${deadPid()}-abc`);
    const alive = join(tmp, `netbook-run-${Deno.pid}-def`);
    const other = join(tmp, "netbook-other-1-ghi");
    for (const dir of [dead, alive, other]) {
      await Deno.mkdir(join(dir, "socket"), { recursive: true });
      await Deno.writeTextFile(join(dir, "module.ts"), "// a generated module");
    }
    assert.deepEqual(await sweepDeadRuns(tmp), [dead]);
    const left = (await Array.fromAsync(Deno.readDir(tmp))).map((e) => e.name).sort();
    assert.deepEqual(left, ["netbook-other-1-ghi", `netbook-run-${Deno.pid}-def`]);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
