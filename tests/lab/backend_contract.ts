/**
 * What every kind of lab promises, as one suite that each backend's test file runs against its
 * backend: commands run as bash command lines with their exit codes and both output streams
 * byte for byte; commands overlap; a time limit stops a command, even one that ignores SIGTERM;
 * the lab changes nothing on the host; close() ends every process of the lab; and kill -9 of
 * the process that holds the lab ends the lab too, leaving no process and no file behind (for a
 * lab on another machine, none there either: see ContractOptions.remote).
 *
 * Where a backend cannot run, its tests are ignored and say why; with CI=true they must run.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { Lab, LabBackend } from "../../lib/lab/backend.ts";
import { sweepLabCgroups } from "../../lib/lab/lab_cgroup.ts";
import { openLabShell, shellRc } from "../../lib/lab/lab_shell.ts";
import { hostSnapshot, snapshotDiff } from "./host_snapshot.ts";
import {
  describe,
  ended,
  type HostProcess,
  processes,
  processInfo,
  waitFor,
} from "./host_processes.ts";

const HOLD_LAB = fileURLToPath(new URL("./hold_lab.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** How long a lab's processes may take to go once its holder is killed or it is closed. */
const CLEANUP_MS = 5000;
const decoder = new TextDecoder();

/** The lab's host process and every process under it, as the host sees them now. */
export function labProcesses(pid: number): HostProcess[] {
  const all = processes();
  const found = all.filter((p) => p.pid === pid);
  // for…of goes on to the processes pushed as it goes: the children's children, and so on.
  for (const parent of found) found.push(...all.filter((p) => p.ppid === parent.pid));
  return found;
}

async function ok(lab: Lab, command: string): Promise<string> {
  const r = await lab.exec(command, { timeout: 60_000 });
  assert.equal(r.code, 0, `\`${command}\` failed in the lab: ${decoder.decode(r.stderr)}`);
  return decoder.decode(r.stdout);
}

/** Whether the backend can run here; ignored outside CI when not, failing in CI. */
async function availability(backend: LabBackend): Promise<{ ignore: boolean }> {
  const support = await backend.support();
  if (support.ok) return { ignore: false };
  if (Deno.env.get("CI")) return { ignore: false }; // must run: the test fails and says why
  console.warn(`ignoring the ${backend.kind} lab's contract tests: ${support.reason}`);
  return { ignore: true };
}

/** What the contract needs to know of a backend that runs its labs elsewhere. */
export interface ContractOptions {
  /** How hold_lab.ts names the backend (an address, ssh://...); its kind by default. */
  name?: string;
  /** Where the lab runs when not here: what runs there, what is left in its TMPDIR. */
  remote?: { sessions(): HostProcess[]; leftFiles(): string[] };
}

/** Registers the contract's tests for `backend`. */
export async function backendContract(
  backend: LabBackend,
  options: ContractOptions = {},
): Promise<void> {
  const { ignore } = await availability(backend);
  const kind = backend.kind;
  const remote = options.remote;
  /** The lab's processes, here and where it runs. */
  const everyProcess = (pid: number) => [...labProcesses(pid), ...remote?.sessions() ?? []];

  Deno.test({ name: `${kind} lab: runs command lines, byte for byte`, ignore }, async (t) => {
    const lab = await backend.start();
    try {
      await t.step("says what it is", () => {
        assert.equal(lab.info.kind, kind);
        assert.ok(lab.pid > 0 && processInfo(lab.pid), `no host process ${lab.pid} holds it`);
      });
      await t.step("exit codes and both streams", async () => {
        const r = await lab.exec("echo out; echo err >&2; exit 3");
        assert.deepEqual([decoder.decode(r.stdout), decoder.decode(r.stderr), r.code], [
          "out\n",
          "err\n",
          3,
        ]);
        assert.equal((await lab.exec("sh -c 'kill -KILL $$'")).code, 137, "128 + SIGKILL");
        assert.equal((await lab.exec("no-such-program-here")).code, 127);
      });
      await t.step("bytes that are not UTF-8 are kept", async () => {
        const r = await lab.exec("printf '\\377\\376\\000ok'; printf '\\200' >&2");
        assert.deepEqual([...r.stdout], [0xff, 0xfe, 0x00, 0x6f, 0x6b]);
        assert.deepEqual([...r.stderr], [0x80]);
      });
      await t.step("a megabyte of output arrives whole", async () => {
        const r = await lab.exec("head -c 1048576 /dev/zero | tr '\\0' a");
        assert.equal(r.stdout.length, 1048576);
        assert.ok(r.stdout.every((b) => b === 0x61));
      });
      await t.step("commands overlap: one waits for what another does", async () => {
        await ok(lab, "mkfifo /tmp/nb-contract-fifo");
        const reader = lab.exec("cat /tmp/nb-contract-fifo", { timeout: 30_000 });
        const writer = await lab.exec("echo through the fifo > /tmp/nb-contract-fifo", {
          timeout: 30_000,
        });
        const read = await reader;
        assert.equal(writer.code, 0);
        assert.equal(read.timedOut, undefined, "the reader never saw the writer: no overlap");
        assert.equal(decoder.decode(read.stdout), "through the fifo\n");
      });
      await t.step("a time limit stops a command, and one that ignores SIGTERM", async () => {
        const polite = await lab.exec("sleep 30", { timeout: 300 });
        assert.equal(polite.code, 124);
        assert.equal(polite.timedOut, 300);
        assert.ok(polite.ms < 10_000, `sleep 30 was stopped only after ${polite.ms} ms`);
        const stubborn = await lab.exec("trap '' TERM; sleep 30; echo survived", { timeout: 300 });
        assert.equal(stubborn.code, 124);
        assert.doesNotMatch(decoder.decode(stubborn.stdout), /survived/);
        assert.ok(stubborn.ms < 15_000, `it was killed only after ${stubborn.ms} ms`);
        assert.equal(await ok(lab, "echo still here"), "still here\n");
      });
      await t.step("a daemon that ends is reaped, not left a zombie", async () => {
        // Its parent ends at once, so the lab's first process inherits it and must reap it.
        await ok(
          lab,
          "setsid sh -c 'echo $$ >/tmp/nb-orphan.pid; exec sleep 0.2' >/dev/null 2>&1 &",
        );
        const gone = await lab.exec(
          "timeout 20 bash -c 'until [ -s /tmp/nb-orphan.pid ]; do sleep 0.05; done; " +
            "pid=$(cat /tmp/nb-orphan.pid); while [ -e /proc/$pid ]; do sleep 0.05; done'",
        );
        const zombies = decoder.decode(
          (await lab.exec("ps -eo pid=,stat=,args= | grep ' Z'")).stdout,
        );
        assert.equal(gone.code, 0, `the ended daemon stays in the lab:\n${zombies}`);
      });
      await t.step("it proves the capabilities every lab has", async () => {
        assert.deepEqual([...await lab.probe(["netns", "veth"])].sort(), ["netns", "veth"]);
      });
    } finally {
      await lab.close();
    }
  });

  Deno.test({ name: `${kind} lab: changes nothing on the host`, ignore }, async () => {
    const before = await hostSnapshot();
    const lab = await backend.start();
    try {
      await ok(lab, "ip link add nb-c0 type veth peer name nb-c1 && ip link set nb-c0 up");
      await ok(lab, "ip link add nb-br0 type bridge && ip addr add 10.99.0.1/24 dev nb-br0");
      await ok(lab, "ip link set nb-br0 up && ip route add 10.98.0.0/16 via 10.99.0.2");
      await ok(lab, "ip netns add nb-contract && ip -n nb-contract link set lo up");
      await ok(lab, "iptables -t nat -A POSTROUTING -s 10.99.0.0/24 -j MASQUERADE");
      await ok(lab, "sysctl -w net.ipv4.ip_forward=1");
      await ok(lab, "mkdir -p /tmp/nb-mnt && mount -t tmpfs nb-contract /tmp/nb-mnt");
      assert.match(await ok(lab, "ip netns list"), /nb-contract/);
      assert.equal(snapshotDiff(before, await hostSnapshot()), "", "the host changed while it ran");
    } finally {
      await lab.close();
    }
    assert.equal(snapshotDiff(before, await hostSnapshot()), "", "the host changed after it");
  });

  Deno.test({ name: `${kind} lab: close() ends all of it`, ignore }, async () => {
    const lab = await backend.start();
    await ok(lab, "sleep 300 >/dev/null 2>&1 &");
    const running = lab.exec("sleep 301").catch(() => undefined);
    await ok(lab, `timeout 30 bash -c 'until pgrep -x -f "sleep 301"; do sleep 0.05; done'`);
    const mine = everyProcess(lab.pid);
    if (remote) assert.ok(remote.sessions().length > 0, "no process runs the lab on its host");
    await lab.close();
    const left = () => mine.filter((p) => !ended(p));
    await waitFor(() => left().length === 0, CLEANUP_MS);
    assert.deepEqual(left(), [], `still running after close():\n${describe(left())}`);
    if (remote) assert.deepEqual(remote.leftFiles(), [], "files left where the lab ran");
    await assert.rejects(lab.exec("true"), /ended/);
    await running; // it ended with the lab, one way or another
  });

  Deno.test(
    { name: `${kind} lab: kill -9 of its holder leaves nothing behind`, ignore },
    async () => {
      const before = await hostSnapshot();
      const tmp = await Deno.makeTempDir({ prefix: "netbook-contract-" });
      const holder = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--quiet", `--config=${ROOT}deno.json`, HOLD_LAB, options.name ?? kind],
        env: { TMPDIR: tmp },
        stdin: "null",
        stdout: "piped",
        stderr: "inherit",
      }).spawn();
      try {
        // The holder says "held PID" once the lab runs a daemon and is inside `sleep 300`.
        const lines = holder.stdout.pipeThrough(new TextDecoderStream()).getReader();
        let said = "";
        while (!/\n/.test(said)) {
          const { value, done } = await lines.read();
          if (done) throw new Error(`hold_lab.ts ended before holding a lab: ${said}`);
          said += value;
        }
        const pid = Number(/^held (\d+)\n/.exec(said)?.[1]);
        assert.ok(pid > 0, `hold_lab.ts said ${JSON.stringify(said)}`);
        const mine = [processInfo(holder.pid)!, ...everyProcess(pid)];
        if (remote) {
          assert.ok(remote.sessions().length > 0, "no process runs the lab on its host");
          assert.ok(remote.leftFiles().length > 0, "no run folder where the lab runs");
        }
        assert.equal(
          snapshotDiff(before, await hostSnapshot()),
          "",
          "the host changed while it ran",
        );

        Deno.kill(holder.pid, "SIGKILL");
        await holder.status;
        const left = () => mine.filter((p) => !ended(p));
        await waitFor(() => left().length === 0, CLEANUP_MS);
        assert.deepEqual(left(), [], `still running after kill -9:\n${describe(left())}`);
        lines.releaseLock();
        const files = [...Deno.readDirSync(tmp)].map((e) => e.name);
        assert.deepEqual(files, [], "the lab left files in its temporary folder");
        if (remote) assert.deepEqual(remote.leftFiles(), [], "files left where the lab ran");
        // Its holder could not remove the lab's control group (empty now): the next lab made
        // on this machine does, as here.
        await sweepLabCgroups();
        assert.equal(snapshotDiff(before, await hostSnapshot()), "", "the host changed after it");
      } finally {
        try {
          holder.kill("SIGKILL");
        } catch {
          // already gone
        }
        await holder.status;
        await holder.stdout.cancel().catch(() => {});
        await Deno.remove(tmp, { recursive: true });
      }
    },
  );

  Deno.test(
    { name: `${kind} lab: a shell in it runs what it reads, on a terminal or not`, ignore },
    async () => {
      const lab = await backend.start();
      try {
        const run = async (tty: boolean, script: string) => {
          const out: string[] = [];
          const asked: string[] = [];
          const shell = openLabShell(lab, {
            tty,
            rows: 30,
            cols: 90,
            term: "xterm",
            rc: shellRc({ prompt: "[contract]", color: false }),
            onOutput: (bytes, stream) =>
              out.push(`${stream === "stderr" ? "E:" : ""}${decoder.decode(bytes)}`),
            onRequest: (word) => {
              asked.push(word);
              return Promise.resolve({ code: 3, text: `answer to ${word}\n` });
            },
          });
          shell.write(new TextEncoder().encode(script));
          shell.end();
          return { code: await shell.done, out: out.join(""), asked };
        };
        // Piped: bash reads the commands, errors apart, and exits with the last one's status.
        const piped = await run(
          false,
          "ip netns add shell-made; ip netns list\necho oops >&2\ncheck; echo check=$?\nfalse\n",
        );
        assert.equal(piped.code, 1);
        assert.match(piped.out, /shell-made/);
        assert.match(piped.out, /E:oops/);
        assert.match(piped.out, /answer to check\ncheck=3/);
        assert.deepEqual(piped.asked, ["check"]);
        // What the shell made is in the lab, as the cells see it.
        assert.match(await ok(lab, "ip netns list"), /shell-made/);
        // On a terminal: the lab's own, its size as given, the prompt, job control.
        const tty = await run(true, "stty size; tty; echo $PS1\nexit 7\n");
        assert.equal(tty.code, 7, tty.out);
        assert.match(tty.out, /30 90/);
        assert.match(tty.out, /\/dev\/pts\/\d+/);
        assert.match(tty.out, /\[contract\]/);
      } finally {
        await lab.close();
      }
    },
  );
}
