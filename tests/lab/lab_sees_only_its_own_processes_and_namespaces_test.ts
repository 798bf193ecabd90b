/**
 * Inside the lab, the host is out of sight, and so is the lab's agent: `ps` lists only the lab's
 * commands, with their own init as PID 1, and /run/netns starts empty whatever namespaces the
 * host has.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { Lab } from "../../lib/lab/backend.ts";
import { netnsBackend } from "../../lib/lab/netns_backend.ts";
import type { CallResult } from "../../lib/cell/runner.ts";
import { liveOnly } from "../support.ts";
import { hostSnapshot, snapshotDiff } from "./host_snapshot.ts";
import { processes } from "./host_processes.ts";

const ROOT = new URL("../../", import.meta.url);

const decoder = new TextDecoder();
const live = await liveOnly();

async function ok(lab: Lab, command: string): Promise<string> {
  const r = await lab.exec(command);
  assert.equal(r.code, 0, `\`${command}\` exited ${r.code}: ${decoder.decode(r.stderr)}`);
  return decoder.decode(r.stdout);
}

/** The one item of `list`; fails the test with `message` unless there is exactly one. */
function only<T>(list: T[], message: string): T {
  assert.equal(list.length, 1, message);
  return list[0]!;
}

async function openLab(): Promise<Lab & AsyncDisposable> {
  const lab = await netnsBackend.start();
  return Object.assign(lab, { [Symbol.asyncDispose]: () => lab.close() });
}

async function hostNetns(): Promise<string[]> {
  try {
    return (await Array.fromAsync(Deno.readDir("/run/netns"))).map((e) => e.name).sort();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
}

Deno.test(
  "a command in the lab sees only the lab's commands; PID 1 is their init, the agent is out of sight",
  live,
  async () => {
    await using sandbox = await openLab();
    // A daemon of the lab's own, which the lab should see.
    await ok(sandbox, "setsid sleep 120 </dev/null >/dev/null 2>&1 &");
    const seen = (await ok(sandbox, "ps -eo pid=,ppid=,args=")).trim().split("\n").map((line) => {
      const [, pid, ppid, args = ""] = line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/)!;
      return { pid: Number(pid), ppid: Number(ppid), args };
    });

    // The host's view: the sandbox (bwrap) has one child, its init, which is PID 1 of the
    // sandbox's namespace; under it the agent, whose children (the lab's commands) are in a PID
    // namespace nested in that one.
    const host = processes();
    const init = only(
      host.filter((p) => p.ppid === sandbox.pid),
      "the sandbox should have exactly one child, its init",
    );
    const pidns = init.pidns;
    const status = await Deno.readTextFile(`/proc/${init.pid}/status`);
    assert.match(status, new RegExp(`^NSpid:\\s+${init.pid}\\s+1$`, "m"));
    const agent = only(
      host.filter((p) => p.ppid === init.pid),
      "the sandbox's init should have one child, the agent",
    );
    assert.match(agent.args, /^perl -e /);
    assert.equal(agent.pidns, pidns, "the agent is not in the sandbox's namespace");
    // Under the agent: the commands' init, in a namespace of its own, and bash workers beside
    // the agent, whose children (the commands) are born in the commands' namespace.
    const under = host.filter((p) => p.ppid === agent.pid);
    const commandsInit = only(
      under.filter((p) => p.pidns !== pidns),
      `not one init of the commands:\n${JSON.stringify(under)}`,
    );
    const commandsNs = commandsInit.pidns;
    assert.match(
      await Deno.readTextFile(`/proc/${commandsInit.pid}/status`),
      new RegExp(`^NSpid:\\s+${commandsInit.pid}\\s+\\d+\\s+1$`, "m"),
    );
    const workers = under.filter((p) => p.pidns === pidns);
    assert.ok(workers.length >= 1, "no worker beside the agent");

    // The lab's view: only its commands' namespace, whose PID 1 is netbook's init.
    const pid1 = seen.find((p) => p.pid === 1);
    assert.equal(pid1?.args, "netbook-init", "PID 1 in the lab is not the commands' init");
    // Besides its init: the command (the subshell that runs it, and ps) and the lab's daemon.
    // Not the agent, not its workers, not the sandbox.
    const subshell = (p: { args: string }) => p.args === 'bash -c eval "$NETBOOK_WORKER" bash';
    assert.deepEqual(
      seen.filter((p) => p.pid !== 1 && !subshell(p)).map((p) => p.args).sort(),
      ["ps -eo pid=,ppid=,args=", "sleep 120"],
      "the lab sees processes that are not its own",
    );
    assert.equal(seen.filter(subshell).length, 1, "a worker, or some other command, is in sight");
    assert.ok(!seen.some((p) => /perl|deno|unshare|nsenter|setpriv|bwrap/.test(p.args)));
    // The host sees many more processes than the lab: the lab is a small part of it.
    assert.ok(host.length > seen.length + 10, `the host has only ${host.length} processes`);
    assert.ok(host.some((p) => p.pidns === commandsNs && p.args === "sleep 120"));
  },
);

Deno.test(
  "the lab starts with an empty /run/netns of its own, which the host never sees",
  live,
  async () => {
    const before = await hostNetns();
    await using sandbox = await openLab();
    assert.equal(await ok(sandbox, "ls -A /run/netns"), "");
    assert.equal(await ok(sandbox, "ip netns list"), "");
    await ok(sandbox, "ip netns add inner && touch /run/netns/not-a-namespace");
    assert.match(await ok(sandbox, "ip netns list"), /^inner\b/m);
    assert.deepEqual(await hostNetns(), before);
  },
);

Deno.test("the lab's /run/netns is empty even when the host has namespaces", live, async () => {
  // A stand-in for a host that has namespaces, without creating any on the real one: a private
  // mount namespace with its own /run, in which `ip netns add hostside` makes a namespace that
  // only it can see. A sandbox started from there must not see hostside.
  const before = await hostSnapshot();
  const script = fileURLToPath(new URL("tests/data/lab_commands.ts", ROOT));
  const setup = "mount -t tmpfs netbook-test-run /run && ip netns add hostside && " +
    'echo "host-netns: $(ip netns list | tr "\\n" " ")" && exec "$@"';
  const out = await new Deno.Command("unshare", {
    args: [
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      setup,
      "sh",
      Deno.execPath(),
      "run",
      "--quiet",
      `--config=${fileURLToPath(new URL("deno.json", ROOT))}`,
      "--allow-run=bwrap,setpriv",
      "--allow-read",
      "--allow-sys=uid",
      script,
      "ls -A /run/netns",
      "ip netns list",
      "ip netns exec hostside true",
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.ok(out.success, `${text}\n${new TextDecoder().decode(out.stderr)}`);
  const [first, json] = text.trim().split("\n");
  assert.ok(first && json, text);
  assert.match(first, /^host-netns: hostside\b/, "the stand-in host has no namespace");
  const { results } = JSON.parse(json) as { results: (CallResult & { command: string })[] };
  assert.deepEqual(results.map((r) => [r.command, r.stdout]), [
    ["ls -A /run/netns", ""],
    ["ip netns list", ""],
    ["ip netns exec hostside true", ""],
  ]);
  const [, , enter] = results;
  assert.ok(enter);
  assert.notEqual(enter.code, 0, "the lab could enter the host's namespace");
  assert.equal(snapshotDiff(before, await hostSnapshot()), "", "the host changed");
});
