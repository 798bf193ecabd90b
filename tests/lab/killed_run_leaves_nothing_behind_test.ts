/**
 * Cleanup is by construction: however a live run ends (kill -9 of the CLI, of the notebook
 * process, of the lab's sandbox itself, or Ctrl-C), the lab and every process in it die within
 * seconds, and the host's network is exactly as it was before the run.
 *
 * Each case runs tests/data/host_lab_interrupted.md through tests/data/run_live.ts (what the CLI
 * does) in a process of its own, waits until the lab is fully built and its third cell is inside
 * `sleep 30`, then kills one of the processes.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import type { RunEvent } from "../../lib/runner/protocol.ts";
import { sweepDeadRuns } from "../../lib/execute/run_dir.ts";
import { labCgroups, sweepLabCgroups } from "../../lib/lab/lab_cgroup.ts";
import { hostSnapshot, snapshotDiff } from "./host_snapshot.ts";
import {
  describe,
  ended,
  type HostProcess,
  labPidNamespaces,
  processes,
  processInfo,
  ticksNow,
  waitFor,
} from "./host_processes.ts";

const ROOT = new URL("../../", import.meta.url);
const SCRIPT = fileURLToPath(new URL("tests/data/run_live.ts", ROOT));
const NOTEBOOK = fileURLToPath(new URL("tests/data/host_lab_interrupted.md", ROOT));
/** How long every process of a killed run may take to exit (in practice, well under 1.5 s). */
const CLEANUP_MS = 5000;
/**
 * How long until the sandbox is not even a zombie. Orphans are reaped by the host's init, which
 * can be slow (this machine's takes 1 to 2 s per round, and a killed lab can need two rounds:
 * the lab's init waits until the host has reaped the lab's orphaned commands).
 */
const REAPED_MS = 10_000;

type Event = RunEvent | { t: "result"; ok: boolean; error?: string };

/** A run stopped in the middle of `sleep 30`, and every process it consists of. */
interface Interrupted {
  script: Deno.ChildProcess;
  /** What run_live.ts printed so far, and goes on printing until it ends. */
  events: Event[];
  /** Resolves when the script's standard output closes. */
  drained: Promise<void>;
  cli: HostProcess;
  notebook: HostProcess;
  sandbox: HostProcess;
  /** The PID namespace of the lab. */
  pidns: Set<string>;
  /** Every process inside the lab: its init, the agent, the daemon, `sleep 30`. */
  lab: HostProcess[];
}

async function startInterruptedRun(): Promise<Interrupted> {
  // setsid: the run gets a process group of its own, as a terminal's foreground job has.
  const script = new Deno.Command("setsid", {
    args: [
      Deno.execPath(),
      "run",
      "-A",
      "--quiet",
      `--config=${fileURLToPath(new URL("deno.json", ROOT))}`,
      SCRIPT,
      NOTEBOOK,
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const events: Event[] = [];
  let wake = () => {};
  const drained = (async () => {
    let buffer = "";
    for await (const chunk of script.stdout.pipeThrough(new TextDecoderStream())) {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        events.push(JSON.parse(buffer.slice(0, nl)));
        buffer = buffer.slice(nl + 1);
        wake();
      }
    }
    wake();
  })();
  let done = false;
  drained.then(() => done = true);
  const next = async (want: (e: Event) => boolean, what: string): Promise<Event> => {
    const end = Date.now() + 30_000;
    while (true) {
      const hit = events.find(want);
      if (hit) return hit;
      if (done || Date.now() > end) {
        throw new Error(`run_live.ts never reported ${what}:\n${JSON.stringify(events, null, 1)}`);
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((r) => {
        wake = r;
        timer = setTimeout(r, 200);
      });
      clearTimeout(timer);
    }
  };

  try {
    return await inspect(script, events, drained, next);
  } catch (e) {
    script.kill("SIGKILL");
    await script.status;
    await drained;
    throw e;
  }
}

/** Waits until the run is in the middle of `sleep 30`, and finds its processes. */
async function inspect(
  script: Deno.ChildProcess,
  events: Event[],
  drained: Promise<void>,
  next: (want: (e: Event) => boolean, what: string) => Promise<Event>,
): Promise<Interrupted> {
  const ready = await next((e) => e.t === "ready", "a ready event");
  const sandboxPid = ready.t === "ready" ? ready.labPid ?? 0 : 0;
  assert.ok(sandboxPid > 0, "the ready event names no lab process");
  const pidns = labPidNamespaces(sandboxPid);
  await next(
    (e) => e.t === "command-start" && e.cell === "wait" && e.command === "sleep 30",
    "the start of sleep 30",
  );
  const sleeping = () =>
    processes().some((p) => pidns.has(p.pidns) && p.args === "sleep 30") &&
    processes().some((p) => pidns.has(p.pidns) && p.args === "sleep 300");
  assert.ok(await waitFor(sleeping, 5000), "sleep 30 never started in the lab");

  const all = processes();
  const cli = processInfo(script.pid)!;
  const notebook = all.find((p) => p.ppid === cli.pid && p.args.includes("cell_process.ts"));
  assert.ok(notebook, `no notebook process under the CLI:\n${describe(all)}`);
  const sandbox = all.find((p) => p.pid === sandboxPid);
  if (!sandbox || !/^(\S*\/)?bwrap /.test(sandbox.args)) {
    throw new Error(`the sandbox is not a bubblewrap process: ${sandbox?.args}`);
  }
  // The runner, and so the sandbox, belongs to the CLI; the notebook process may start nothing.
  assert.equal(sandbox.ppid, cli.pid);
  return {
    script,
    events,
    drained,
    cli,
    notebook,
    sandbox,
    pidns,
    lab: all.filter((p) => pidns.has(p.pidns)),
  };
}

/** The promise's value, or undefined if it takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((r) => timer = setTimeout(() => r(undefined), ms));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Kills part of a run, then checks that all of it is gone and the host is as before. */
async function killAndCheck(
  kill: (run: Interrupted) => void,
  after: (run: Interrupted) => Promise<void> = async () => {},
): Promise<void> {
  const before = await hostSnapshot();
  const run = await startInterruptedRun();
  try {
    assert.ok(run.lab.length >= 4, `the lab is not fully up:\n${describe(run.lab)}`);
    // Commands run inside the lab, by its agent: nothing of the run's lab runs on the host side.
    assert.ok(
      processes().every((p) =>
        p.ppid !== run.cli.pid || p.pid === run.notebook.pid || p.pid === run.sandbox.pid
      ),
      "the CLI started something besides the notebook process and the sandbox",
    );
    // The lab is fully built while it sleeps: the host must already be unchanged.
    assert.equal(snapshotDiff(before, await hostSnapshot()), "", "the host changed during the run");

    kill(run);
    const killedAt = ticksNow();
    const killed = Date.now();
    const everyone = [run.cli, run.notebook, run.sandbox, ...run.lab];
    const leftovers = () => [
      ...everyone.filter((p) => !ended(p)),
      // Anything else in the lab's PID namespace (started before the kill: the number of a
      // namespace is reused once it is freed, and other runs may be starting labs meanwhile).
      ...processes().filter((p) =>
        run.pidns.has(p.pidns) && p.started <= killedAt && !ended(p) &&
        !everyone.some((q) => q.pid === p.pid)
      ),
    ];
    await waitFor(() => leftovers().length === 0, killed + CLEANUP_MS - Date.now());
    const left = leftovers();
    assert.deepEqual(left, [], `still running ${CLEANUP_MS} ms after the kill:\n${describe(left)}`);
    const sleeper = run.lab.filter((p) => p.args === "sleep 30");
    assert.equal(sleeper.length, 1);
    assert.ok(ended(sleeper[0]!), "sleep 30 outlived the run");
    // Exited, and reaped too: not even a zombie of the sandbox is left.
    const sandboxGone = () => processInfo(run.sandbox.pid)?.started !== run.sandbox.started;
    assert.ok(
      await waitFor(sandboxGone, killed + REAPED_MS - Date.now()),
      `/proc/${run.sandbox.pid} (the sandbox) is still there ${REAPED_MS} ms after the kill`,
    );
    assert.ok(await within(run.script.status, 1000), "the CLI process did not end");
    await run.drained;
    await after(run);
    assert.equal(snapshotDiff(before, await hostSnapshot()), "", "the host changed");
  } finally {
    // If the test failed, end what is left of the run: kill -9 of the sandbox ends its lab.
    for (const p of [run.cli, run.notebook, run.sandbox]) {
      if (!ended(p)) Deno.kill(p.pid, "SIGKILL");
    }
    await run.script.status;
    await run.drained;
  }
}

/** The CLI itself ended on its own and reported the run as failed, naming the cell. */
async function reportedFailure(run: Interrupted, cell: string): Promise<void> {
  const status = await run.script.status;
  assert.equal(status.code, 1);
  const result = run.events.at(-1);
  assert.equal(result?.t, "result");
  assert.ok(result.t === "result" && !result.ok);
  assert.match(result.error ?? "", new RegExp(`\\(cell ${cell}\\)`));
  assert.ok(!run.events.some((e) => e.t === "cell-start" && e.cell === "never"));
}

/** The run folders a process left in the temp folder. */
async function runFolders(pid: number): Promise<string[]> {
  const names = (await Array.fromAsync(Deno.readDir(tmpdir()))).map((e) => e.name);
  return names.filter((n) => n.startsWith(`netbook-run-${pid}-`));
}

Deno.test("kill -9 of the CLI in the middle of a command takes the whole lab with it", async () => {
  await killAndCheck((run) => Deno.kill(run.cli.pid, "SIGKILL"), async (run) => {
    assert.equal((await run.script.status).signal, "SIGKILL");
    // The killed CLI could not remove its folder, nor its lab's control group; the next run's
    // start does (any run's: another may already have).
    await sweepDeadRuns();
    assert.deepEqual(await runFolders(run.cli.pid), []);
    await sweepLabCgroups();
    assert.deepEqual((await labCgroups()).filter((d) => d.includes(`-${run.cli.pid}-`)), []);
  });
});

Deno.test("kill -9 of the notebook process takes the lab with it; the CLI reports it", async () => {
  await killAndCheck(
    (run) => Deno.kill(run.notebook.pid, "SIGKILL"),
    (run) => reportedFailure(run, "wait"),
  );
});

Deno.test("kill -9 of the sandbox ends the lab and fails the cell that was running", async () => {
  await killAndCheck(
    (run) => Deno.kill(run.sandbox.pid, "SIGKILL"),
    (run) => reportedFailure(run, "wait"),
  );
});

Deno.test("Ctrl-C (SIGINT to the CLI's process group) takes the whole lab with it", async () => {
  // run_live.ts does not stop on SIGINT as the CLI does: killed at once, it leaves its run folder
  // and its lab's (empty) control group to the next run, which removes them, as here.
  await killAndCheck((run) => Deno.kill(-run.cli.pid, "SIGINT"), async () => {
    await sweepDeadRuns();
    await sweepLabCgroups();
  });
});
