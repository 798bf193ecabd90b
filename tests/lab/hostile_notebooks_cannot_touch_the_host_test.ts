/**
 * A notebook is code someone may download. Tried as an attacker would, from lab commands (live,
 * as root and rootless) and from cell code (live and replay), nothing reaches the host: it is
 * byte-identical afterwards (files, mounts, links, routes, iptables, hostname, processes), the
 * lock file is untouched, and what each attempt did was contained in the lab.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import type { RunResult } from "../../lib/execute/results.ts";
import { copyNotebook, liveOnly, printed, runCopy, statuses } from "../support.ts";
import { ATTEMPTS, FILL_OWN_TMPFS, REBIND } from "./hostile_corpus.ts";
import { netnsBackend } from "../../lib/lab/netns_backend.ts";
import { LAB_LIMITS } from "../../lib/lab/lab_cgroup.ts";
import { vmBackend } from "../../lib/lab/vm_backend.ts";
import { hostSnapshot, snapshotDiff } from "./host_snapshot.ts";
import { ended, labPidNamespaces, processes } from "./host_processes.ts";
import { labBackends } from "../../lib/lab/backends.ts";

const ROOT = new URL("../../", import.meta.url);
const LOCK = fileURLToPath(new URL("deno.lock", ROOT));
const live = await liveOnly();
/** The attempts that apply to the netns lab. */
const NETNS = ATTEMPTS.filter((a) => (a.labs ?? ["netns"]).includes("netns"));
const ROOTLESS = NETNS.filter((a) => !a.asRoot);
const asRoot = { ...live, ignore: live.ignore || Deno.uid() !== 0 };

/** The corpus as a notebook: one cell per attempt, failures kept as results. */
function corpusNotebook(): string {
  const cells = NETNS.map((a, i) =>
    "```ts id=attempt-" + (i + 1) + "\nawait $`" + a.command + "`.noThrow();\n```\n"
  );
  return `# Hostile lab commands\n\n${cells.join("\n")}`;
}

function transcriptOf(result: RunResult, cell: string) {
  const out = result.cells.find((c) => c.id === cell)?.outputs.find((o) => o.type === "command");
  assert.ok(out?.type === "command", `cell ${cell} ran no command`);
  return out.transcript;
}

Deno.test("hostile lab commands, run live as root, change only the lab", live, async () => {
  const dir = await Deno.makeTempDir({ prefix: "netbook-hostile-" });
  try {
    const path = join(dir, "hostile.md");
    await Deno.writeTextFile(path, corpusNotebook());
    const before = await hostSnapshot();
    let pidns = new Set<string>();
    const result = await runNotebook(parseNotebook(await Deno.readTextFile(path), path), {
      mode: "live",
      backends: labBackends(),
      onEvent: (e) => {
        if (e.t === "ready" && e.labPid) pidns = labPidNamespaces(e.labPid);
      },
    });
    assert.ok(result.ok, result.error?.message);
    NETNS.forEach((a, i) => {
      const t = transcriptOf(result, `attempt-${i + 1}`);
      assert.ok(
        a.contained(t),
        `${a.name}: not contained:\n$ ${t.command}\n${t.stdout}${t.stderr}[${t.code}]`,
      );
    });
    assert.equal(snapshotDiff(before, await hostSnapshot()), "", "the host changed");
    // Exited (a zombie waiting for the host's init to reap it has exited too).
    const left = processes().filter((p) => pidns.has(p.pidns) && !ended(p));
    assert.deepEqual(left, [], "the lab left processes");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("hostile lab commands, run rootless, change only the lab", live, async () => {
  const script = fileURLToPath(new URL("tests/data/lab_commands.ts", ROOT));
  const before = await hostSnapshot();
  const out = await new Deno.Command("setpriv", {
    args: [
      "--reuid=65534",
      "--regid=65534",
      "--clear-groups",
      Deno.execPath(),
      "run",
      "--quiet",
      "--no-config",
      "--no-lock",
      "--allow-run=bwrap",
      "--allow-read",
      "--allow-sys=uid",
      script,
      ...ROOTLESS.map((a) => a.command),
    ],
    clearEnv: true,
    env: {
      PATH: "/usr/sbin:/usr/bin:/sbin:/bin",
      HOME: "/tmp",
      DENO_DIR: join(Deno.env.get("HOME") ?? "/root", ".cache/deno"),
      NO_COLOR: "1",
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  assert.ok(out.success, decoder.decode(out.stderr));
  const { info, results } = JSON.parse(decoder.decode(out.stdout));
  assert.equal(info.rootless, true);
  ROOTLESS.forEach((a, i) => {
    const r = results[i];
    assert.ok(
      a.contained(r),
      `${a.name}: not contained:\n$ ${r.command}\n${r.stdout}${r.stderr}[${r.code}]`,
    );
  });
  assert.equal(snapshotDiff(before, await hostSnapshot()), "", "the host changed");
});

Deno.test(
  "kill -9 -1 in the lab ends every command of the lab, never its agent or anything else",
  live,
  async () => {
    await using copy = await copyNotebook("fake_backend.md");
    await copy.edit(() =>
      "# Kill everything\n\n```ts id=kill\n" +
      "await $`setsid sleep 300 </dev/null >/dev/null 2>&1 &`;\n" +
      "await $`kill -9 -1`.noThrow();\n```\n\n" +
      // Still running (a zombie has ended, whether or not the lab's init has reaped it yet).
      "```ts id=after\nconst left = await $`ps -eo stat=,comm= | grep -c '^[^Z].* sleep$'`" +
      ".noThrow();\n" +
      "console.log(left.stdout.trim(), (await $`echo still runs`).stdout.trim());\n```\n"
    );
    const before = await hostSnapshot();
    const mine = new Set(
      processes().filter((p) => p.pid === Deno.pid || p.pid === 1).map((p) => p.pid),
    );
    const result = await runCopy(copy, "live");
    assert.ok(result.ok, result.error?.message);
    assert.equal(printed(result, "after"), "0 still runs\n", "a command survived, or the lab died");
    for (const pid of mine) {
      assert.ok(processes().some((p) => p.pid === pid), `process ${pid} died`);
    }
    assert.equal(snapshotDiff(before, await hostSnapshot()), "", "the host changed");
  },
);

Deno.test(
  "a lab that fills memory of its own ends with a clear error; the host keeps its memory",
  asRoot,
  async () => {
    const before = await hostSnapshot();
    const lab = await netnsBackend.start();
    const d = new TextDecoder();
    try {
      const outcome = await lab.exec(FILL_OWN_TMPFS, { timeout: 60_000 }).then(
        (r) => `exited ${r.code}, ${d.decode(r.stdout).trim()} bytes written; ${r.limit}`,
        (e) => `failed: ${(e as Error).message}`,
      );
      // The kernel stopped it at the lab's limit (a process killed, or the whole lab ended).
      assert.match(outcome, new RegExp(`ran out of its ${LAB_LIMITS.memoryMiB} MiB of memory`));
      const written = Number(/exited \d+, (\d+) bytes/.exec(outcome)?.[1] ?? 0);
      assert.ok(written < LAB_LIMITS.memoryMiB * 1024 * 1024, outcome);
    } finally {
      await lab.close();
    }
    assert.equal(snapshotDiff(before, await hostSnapshot()), "", "the host changed");
  },
);

const vm = (await vmBackend.support()).ok || Deno.env.get("CI")
  ? {}
  : { ignore: true, name: "(the micro-VM cannot run here)" };

Deno.test({
  name: "hostile lab commands in the micro-VM cannot reach the agent or the host",
  ...vm,
  fn: async () => {
    const attempts = ATTEMPTS.filter((a) => a.labs?.includes("vm"));
    const before = await hostSnapshot();
    const lab = await vmBackend.start();
    const d = new TextDecoder();
    try {
      for (const a of attempts) {
        const r = await lab.exec(a.command, { timeout: 60_000 });
        const t = { stdout: d.decode(r.stdout), stderr: d.decode(r.stderr), code: r.code };
        assert.ok(a.contained(t), `${a.name}: not contained:\n${t.stdout}${t.stderr}[${t.code}]`);
      }
      // Last, as it ends the VM: take the agent's port by binding its driver again, and speak
      // in the agent's place. The VM stops when its agent loses the port; if the attacker is
      // faster, what it says cannot end its own command (it lacks the command's token).
      const forged = await lab.exec(`perl -e '${REBIND}'; exit 7`, { timeout: 60_000 }).then(
        (r) => `exited ${r.code}: ${d.decode(r.stdout)}${d.decode(r.stderr)}`,
        (e) => `failed: ${(e as Error).message}`,
      );
      assert.match(
        forged,
        /^failed: the lab ended while .* ran \((the lab's agent ended|the lab said what netbook's agent never says)/s,
      );
    } finally {
      await lab.close();
    }
    assert.equal(snapshotDiff(before, await hostSnapshot()), "", "the host changed");
  },
});

for (const mode of ["record", "replay"] as const) {
  Deno.test(
    `hostile cell code is refused in ${mode} mode, and the lock is never written`,
    live,
    async () => {
      await using copy = await copyNotebook("hostile_cells.md");
      if (mode === "replay") {
        // A recording can only be made of a run that passes: record without the failing cell.
        const whole = copy.text;
        await copy.edit((t) => t.slice(0, t.indexOf("```ts id=forge")));
        assert.ok((await runCopy(copy, "record")).ok);
        await copy.edit(() => whole);
      }
      const lock = await Deno.readFile(LOCK);
      const before = await hostSnapshot();
      const result = await runCopy(copy, mode);
      const said = printed(result, "attempts");
      assert.doesNotMatch(said, /ESCAPED/, said);
      assert.equal(said.split("\n").filter((l) => l.startsWith("refused ")).length, 16, said);
      // A forged event on standard output is only text: the cell still failed.
      assert.equal(statuses(result).forge, "failed");
      assert.match(
        result.error?.message ?? "",
        /\(cell forge\).*this cell fails, whatever it printed/,
      );
      assert.match(printed(result, "forge"), /"status":"ok"/);
      assert.deepEqual(await Deno.readFile(LOCK), lock, "deno.lock changed");
      assert.equal(snapshotDiff(before, await hostSnapshot()), "", "the host changed");
    },
  );
}

// Deno refuses the import when the module loads or when the cell reaches it, depending on what its
// cache already holds (a package the renderer uses may be cached, yet not in the lock): either way
// the run fails, the package's code never runs and the lock is not rewritten.
Deno.test("a notebook that imports an unlocked package is refused, and the lock stays as it was", async () => {
  await using copy = await copyNotebook("fake_backend.md");
  await copy.edit(() =>
    '# Imports\n\n```ts id=one\nconsole.log("ran");\n```\n\n' +
    '```ts id=two\nconst chalk = await import("npm:chalk@6.0.1");\nconsole.log("imported");\n```\n'
  );
  const lock = await Deno.readFile(LOCK);
  const result = await runCopy(copy, "live");
  assert.equal(result.ok, false);
  const message = result.error?.message ?? "";
  assert.match(message, /imports code that netbook has not locked and cached/);
  assert.equal(printed(result, "two"), "", "the import was not refused");
  assert.deepEqual(await Deno.readFile(LOCK), lock, "deno.lock changed");
});
