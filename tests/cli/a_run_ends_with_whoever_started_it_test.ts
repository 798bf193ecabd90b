/**
 * A run ends with whoever started it, at once and cleanly: `deno task notebook` killed with
 * kill -9 takes netbook's runner, the notebook process and the lab with it (and the run's folder
 * goes); SIGTERM is handled as Ctrl-C is (it says so, the lab and the run's folder go); a cell
 * that spins cannot outlive a killed runner; Ctrl-C while the micro-VM boots stops the run then,
 * never with a verdict of success. Each case is the real command line, in a session of its own as
 * a terminal's job would be, stopped at a handshake (a command of the lab running, qemu started).
 */
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sweepLabCgroups } from "../../lib/lab/lab_cgroup.ts";
import { vmBackend } from "../../lib/lab/vm_backend.ts";
import { ensureImage } from "../../lib/lab/vm/vm_image.ts";
import { hostSnapshot, snapshotDiff } from "../lab/host_snapshot.ts";
import {
  describe,
  ended,
  type HostProcess,
  processes,
  processInfo,
  waitFor,
} from "../lab/host_processes.ts";
import { labCanRun } from "../support.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** How long a stopped run's processes may take to go (in practice, well under a second). */
const CLEANUP_MS = 5_000;
const live = { ignore: !await labCanRun() && !Deno.env.get("CI") };

/** A `deno task notebook` in a session of its own, its output gathered as it comes. */
class Task {
  readonly child: Deno.ChildProcess;
  out = "";
  readonly done: Promise<void>;

  constructor(notebook: string, ...options: string[]) {
    this.child = new Deno.Command("setsid", {
      args: [Deno.execPath(), "task", "--quiet", "notebook", ...options, notebook],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const gather = async (stream: ReadableStream<Uint8Array>) => {
      for await (const text of stream.pipeThrough(new TextDecoderStream())) this.out += text;
    };
    this.done = Promise.all([gather(this.child.stdout), gather(this.child.stderr)]).then(() => {});
  }

  /** Every process of the run: the task, and all under it. */
  tree(): HostProcess[] {
    const all = processes();
    const found = all.filter((p) => p.pid === this.child.pid);
    // The loop reaches the children it adds too: an array's iterator reads its length each step.
    for (const parent of found) found.push(...all.filter((p) => p.ppid === parent.pid));
    return found;
  }

  /** Waits until `check` holds of the run's processes; fails saying what there is. */
  async until(what: string, check: (tree: HostProcess[]) => boolean, ms = 120_000) {
    if (!await waitFor(() => check(this.tree()), ms)) {
      throw new Error(`never ${what}:\n${describe(this.tree())}\n${this.out}`);
    }
    return this.tree();
  }

  async [Symbol.asyncDispose]() {
    for (const p of this.tree()) Deno.kill(p.pid, "SIGKILL");
    await this.child.status;
    await this.done;
  }
}

/** The run folders a process has in the temp folder. */
async function runFolders(pid: number): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(tmpdir()))).map((e) => e.name)
    .filter((n) => n.startsWith(`netbook-run-${pid}-`));
}

/** The processes of `tree` still running (a zombie or one exiting has ended). */
function running(tree: HostProcess[]): HostProcess[] {
  return tree.filter((p) => !ended(p));
}

/** Waits until every process of `tree` has ended; fails naming those left. */
async function allGone(tree: HostProcess[], since: number): Promise<void> {
  await waitFor(() => running(tree).length === 0, since + CLEANUP_MS - Date.now());
  assert.deepEqual(running(tree), [], `still running ${CLEANUP_MS} ms later:\n${describe(tree)}`);
}

const NOTEBOOK = join(ROOT, "tests/data/host_lab_interrupted.md");
const sleeping = (tree: HostProcess[]) => tree.some((p) => p.args === "sleep 30");

Deno.test(
  "kill -9 of `deno task notebook` ends the runner, the notebook process and the lab",
  live,
  async () => {
    const before = await hostSnapshot();
    await using task = new Task(NOTEBOOK);
    const tree = await task.until("ran sleep 30", sleeping);
    const runner = tree.find((p) => p.args.includes("lib/cli/main.ts"))!;
    assert.equal((await runFolders(runner.pid)).length, 1, "no run folder");
    assert.ok(tree.some((p) => p.args.includes("cell_process.ts")), describe(tree));
    assert.ok(tree.some((p) => /^(\S*\/)?bwrap /.test(p.args)), describe(tree));
    Deno.kill(task.child.pid, "SIGKILL");
    const killed = Date.now();
    await allGone(tree.filter((p) => p.pid !== task.child.pid), killed);
    // The runner noticed, and cleaned up as it would on SIGTERM: its run folder is gone too.
    assert.deepEqual(await runFolders(runner.pid), [], task.out);
    await sweepLabCgroups(); // only if the runner was killed before it could remove its own
    assert.equal(snapshotDiff(before, await hostSnapshot()), "", "the host changed");
  },
);

Deno.test(
  "SIGTERM stops a run as Ctrl-C does: it says so, its lab and folder are gone",
  live,
  async () => {
    const before = await hostSnapshot();
    await using task = new Task(NOTEBOOK);
    const tree = await task.until("ran sleep 30", sleeping);
    const runner = tree.find((p) => p.args.includes("lib/cli/main.ts"))!;
    Deno.kill(runner.pid, "SIGTERM");
    const stopped = Date.now();
    await allGone(tree, stopped);
    await task.done;
    assert.equal((await task.child.status).code, 130, task.out);
    assert.match(task.out, /\(cell wait\): the run was interrupted/);
    assert.match(task.out, /Interrupted by SIGTERM: the run was stopped, and its lab is gone\./);
    assert.doesNotMatch(task.out, /✓/);
    assert.deepEqual(await runFolders(runner.pid), []);
    assert.equal(snapshotDiff(before, await hostSnapshot()), "", "the host changed");
  },
);

Deno.test("a cell that spins does not outlive its runner killed with kill -9", live, async () => {
  const dir = await Deno.makeTempDir({ prefix: "netbook-spin-" });
  try {
    const path = join(dir, "spin.md");
    await Deno.writeTextFile(
      path,
      '# Spins\n\n```ts id=spin\nconsole.log("spinning");\nwhile (true) Math.random();\n```\n',
    );
    await using task = new Task(path, "--mode", "live");
    await waitFor(() => task.out.includes("spinning"), 60_000);
    const tree = task.tree();
    const notebook = tree.find((p) => p.args.includes("cell_process.ts"));
    const runner = tree.find((p) => p.args.includes("lib/cli/main.ts"));
    assert.ok(notebook && runner, `${describe(tree)}\n${task.out}`);
    Deno.kill(runner.pid, "SIGKILL");
    await allGone([notebook], Date.now());
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const vm = (await vmBackend.support()).ok || Deno.env.get("CI") ? {} : {
  ignore: true,
};

Deno.test({
  name: "Ctrl-C while the micro-VM boots stops the run then, and qemu with it",
  ...vm,
  fn: async () => {
    await ensureImage(); // built beforehand: the run is stopped while the VM boots
    await using task = new Task(NOTEBOOK, "--backend", "vm");
    // The image may have to be built first: the handshake is qemu having started, as qemu
    // itself (the sh before it names qemu in its arguments, before setsid has run).
    const tree = await task.until(
      "started qemu",
      (t) => t.some((p) => /^\S*qemu-system/.test(p.args)),
    );
    const started = Date.now();
    Deno.kill(-task.child.pid, "SIGINT");
    await task.done;
    const took = Date.now() - started;
    assert.equal((await task.child.status).code, 130, task.out);
    assert.match(task.out, /Interrupted: the run was stopped, and its lab is gone\./);
    assert.doesNotMatch(task.out, /✓|cells? ran/);
    assert.doesNotMatch(
      task.out,
      /\$ ip netns add client/,
      "the VM had booted: not a test of this",
    );
    await allGone(tree, Date.now());
    assert.ok(took < CLEANUP_MS, `the run took ${took} ms to stop`);
    const [root] = tree;
    assert.ok(processInfo(task.child.pid) === undefined || (root !== undefined && ended(root)));
  },
});
