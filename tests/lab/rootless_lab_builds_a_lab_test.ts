/**
 * Without root, the lab is rootless: an unprivileged user (nobody, uid 65534) gets a lab in
 * which it is root and can make namespaces and veth pairs, and the host is unchanged.
 *
 * The lab runs from a copy of lib/ in a temp dir, with a Deno cache of its own
 * (tests/data/lab_commands.ts imports only lib/lab/ and lib/capability/: no npm packages), so
 * that it does not depend on where the repository or root's Deno cache live.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CallResult } from "../../lib/cell/runner.ts";
import { hostSnapshot, snapshotDiff } from "./host_snapshot.ts";
import { alive } from "./host_processes.ts";
import { liveOnly } from "../support.ts";

const ROOT = new URL("../../", import.meta.url);
const NOBODY = 65534;
const AS_NOBODY = [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups"];
const PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true, mode: 0o755 });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyTree(join(from, e.name), join(to, e.name));
    else if (e.isFile) await Deno.copyFile(join(from, e.name), join(to, e.name));
  }
  await Deno.chmod(to, 0o755);
}

async function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(cmd, {
    args,
    env,
    clearEnv: Object.keys(env).length > 0,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { ...out, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

Deno.test(
  "as an unprivileged user, the rootless lab builds a lab and leaves the host alone",
  await liveOnly(),
  async () => {
    const userns = await run("setpriv", [
      ...AS_NOBODY,
      "unshare",
      "--user",
      "--map-root-user",
      "--net",
      "true",
    ]);
    assert.ok(
      userns.success,
      "unprivileged user namespaces are not allowed on this machine, so rootless labs cannot " +
        `work here (enable them: sysctl kernel.unprivileged_userns_clone=1): ${userns.stderr}`,
    );

    const dir = await Deno.makeTempDir({ prefix: "netbook-rootless-" });
    try {
      await Deno.chmod(dir, 0o755);
      await copyTree(fileURLToPath(new URL("lib", ROOT)), join(dir, "lib"));
      await Deno.mkdir(join(dir, "tests/data"), { recursive: true });
      await Deno.chmod(join(dir, "tests"), 0o755);
      await Deno.chmod(join(dir, "tests/data"), 0o755);
      const script = join(dir, "tests/data/lab_commands.ts");
      await Deno.copyFile(fileURLToPath(new URL("tests/data/lab_commands.ts", ROOT)), script);
      const home = join(dir, "home");
      await Deno.mkdir(home, { mode: 0o700 });
      await Deno.chown(home, NOBODY, NOBODY);

      const before = await hostSnapshot();
      const out = await run("setpriv", [
        ...AS_NOBODY,
        Deno.execPath(),
        "run",
        "--quiet",
        "--no-config",
        "--no-lock",
        "--allow-run=bwrap,setpriv",
        "--allow-read",
        "--allow-sys=uid",
        script,
        "id -u",
        "cat /proc/self/uid_map",
        "ip netns add x && ip link add a0 type veth peer name b0 && ip link set b0 netns x && " +
        "ip netns exec x ip -br link",
        "ip -br link show a0",
      ], { PATH, HOME: home, DENO_DIR: join(home, "deno"), NO_COLOR: "1" });
      assert.ok(out.success, `the rootless run failed:\n${out.stdout}\n${out.stderr}`);
      const { info, pid, results } = JSON.parse(out.stdout) as {
        info: { kind: string; rootless: boolean };
        pid: number;
        results: (CallResult & { command: string })[];
      };
      assert.deepEqual(info, { kind: "netns", rootless: true });
      for (const r of results) assert.equal(r.code, 0, `\`${r.command}\`: ${r.stderr}`);
      const [uid, uidMap, inX, a0] = results.map((r) => r.stdout);
      assert.equal(uid?.trim(), "0", "the user is not root in its lab");
      assert.match(
        uidMap ?? "",
        new RegExp(`^\\s*0\\s+${NOBODY}\\s+1\\s*$`),
        "root in the lab is not nobody",
      );
      assert.match(inX ?? "", /^lo\s/m);
      assert.match(inX ?? "", /^b0@\S+\s/m, "b0 did not arrive in namespace x");
      assert.match(a0 ?? "", /^a0@\S+\s/);

      assert.equal(snapshotDiff(before, await hostSnapshot()), "", "the host changed");
      assert.ok(!alive(pid), "the rootless lab outlived its script");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);
