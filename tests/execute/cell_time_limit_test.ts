import assert from "node:assert/strict";
import { CellTimeoutError } from "../../lib/execute/errors.ts";
import { copyNotebook, lineOf, printed, runCopy, statuses } from "../support.ts";

Deno.test("a cell that outlives timeout= fails with a timeout error naming its line", async () => {
  await using copy = await copyNotebook("slow_cell.md");
  const started = performance.now();
  const result = await runCopy(copy, "live");
  const elapsed = performance.now() - started;
  const line = lineOf(copy.text, "id=slow");
  assert.ok(
    elapsed < 4_500,
    `the run took ${Math.round(elapsed)}ms: the 1s limit was not enforced`,
  );
  assert.equal(result.ok, false);
  assert.deepEqual(statuses(result), { quick: "ok", slow: "failed", after: "not-run" });
  assert.equal(printed(result, "quick"), "quick done\n");
  assert.equal(printed(result, "slow"), "");
  assert.ok(result.error instanceof CellTimeoutError, String(result.error));
  assert.equal(result.error.kind, "timeout");
  assert.equal(result.error.limitMs, 1000);
  assert.equal(result.error.cell, "slow");
  assert.ok(result.error.message.startsWith(`${copy.path}:${line}`), result.error.message);
  assert.match(result.error.message, /within 1 s/);
  assert.match(result.error.message, /timeout=/);
});

Deno.test("a cell without timeout= gets the run's default limit", async () => {
  await using copy = await copyNotebook("no_time_limit_option.md");
  const started = performance.now();
  const result = await runCopy(copy, "live", { cellTimeout: 500 });
  assert.ok(performance.now() - started < 4_500, "the default limit was not enforced");
  assert.equal(result.ok, false);
  assert.ok(result.error instanceof CellTimeoutError, String(result.error));
  assert.match(result.error!.message, /within 0\.5 s/);
});

/** Whether a process has exited (a zombie waiting for its reaper has exited too). */
async function exited(pid: number): Promise<boolean> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`).catch(() => undefined);
  return stat === undefined || /\) Z /.test(stat);
}

Deno.test("a lab command still running at the time limit dies with the lab", async () => {
  await using copy = await copyNotebook("slow_command.md");
  let lab: number | undefined;
  const started = performance.now();
  const result = await runCopy(copy, "live", {
    onEvent: (e) => {
      if (e.t === "ready") lab = e.labPid;
    },
  });
  assert.ok(performance.now() - started < 10_000, "the run waited for the command");
  assert.equal(result.error?.kind, "timeout");
  assert.ok(lab, "the live run reported its lab");
  // The run ends only once its lab has (and the `sleep 30` in its PID namespace with it).
  assert.ok(await exited(lab), `lab process ${lab} outlived the run`);
});
