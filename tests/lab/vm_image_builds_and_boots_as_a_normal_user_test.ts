/**
 * A normal user (nobody, uid 65534) with a home of its own and a PATH without /usr/sbin builds
 * the micro-VM's image into its own cache and boots it: root inside the VM, Debian's kernel, the
 * host's tools; qemu runs as that user, under its seccomp filter, unable to gain privileges.
 *
 * The lab runs from a copy of lib/ in a temp dir, with a Deno cache of its own
 * (tests/data/vm_lab_commands.ts imports only lib/lab/ and lib/capability/: no npm packages), so
 * that it does not depend on where the repository or root's Deno cache live.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { vmBackend } from "../../lib/lab/vm_backend.ts";
import { findKernel } from "../../lib/lab/vm/kernel.ts";

const ROOT = new URL("../../", import.meta.url);
const NOBODY = 65534;
/** A normal user's PATH on Debian: no sbin. */
const PATH = "/usr/local/bin:/usr/bin:/bin";

const support = await vmBackend.support();
const root = Deno.uid() === 0;
const ignore = (!support.ok || !root) && !Deno.env.get("CI");
if (ignore) {
  console.warn(
    `ignoring the normal user's VM build: ${
      support.ok ? "it needs root to become nobody" : support.reason
    }`,
  );
}

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true, mode: 0o755 });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyTree(join(from, e.name), join(to, e.name));
    else if (e.isFile) await Deno.copyFile(join(from, e.name), join(to, e.name));
  }
  await Deno.chmod(to, 0o755);
}

interface Outcome {
  info: { kind: string; kernel: string };
  qemu: Record<string, string>;
  progress: string[];
  results: { command: string; stdout: string; stderr: string; code: number }[];
}

Deno.test({ name: "a normal user builds the micro-VM's image and boots it", ignore }, async () => {
  const dir = await Deno.makeTempDir({ prefix: "netbook-vm-user-" });
  try {
    await Deno.chmod(dir, 0o755);
    await copyTree(fileURLToPath(new URL("lib", ROOT)), join(dir, "lib"));
    await Deno.mkdir(join(dir, "tests/data"), { recursive: true, mode: 0o755 });
    await Deno.chmod(join(dir, "tests"), 0o755);
    const script = join(dir, "tests/data/vm_lab_commands.ts");
    await Deno.copyFile(fileURLToPath(new URL("tests/data/vm_lab_commands.ts", ROOT)), script);
    const home = join(dir, "home");
    await Deno.mkdir(home, { mode: 0o700 });
    await Deno.chown(home, NOBODY, NOBODY);

    const out = await new Deno.Command("setpriv", {
      args: [
        `--reuid=${NOBODY}`,
        `--regid=${NOBODY}`,
        "--clear-groups",
        Deno.execPath(),
        "run",
        "--quiet",
        "--no-config",
        "--no-lock",
        "--allow-all",
        script,
        "id -u",
        "uname -r",
        "ip -br link",
      ],
      clearEnv: true,
      env: { PATH, HOME: home, DENO_DIR: join(home, "deno"), NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const d = new TextDecoder();
    assert.ok(
      out.success,
      `the normal user's VM failed:\n${d.decode(out.stdout)}\n${d.decode(out.stderr)}`,
    );
    const { info, qemu, progress, results } = JSON.parse(d.decode(out.stdout)) as Outcome;

    assert.match(
      progress.join("\n"),
      /unpacking \S+ once/,
      "it built nothing: the cache was not its own",
    );
    const cache = join(home, ".cache/netbook/vm");
    const files = [...Deno.readDirSync(cache)].map((e) => e.name);
    assert.ok(files.some((f) => f.startsWith("vmlinux-")), files.join(" "));
    assert.ok(files.some((f) => f.startsWith("initramfs-")), files.join(" "));
    for (const f of files) assert.equal(Deno.statSync(join(cache, f)).uid, NOBODY, f);

    assert.equal(info.kind, "vm");
    assert.equal(qemu.Uid?.split("\t")[0], String(NOBODY), "qemu did not run as the user");
    assert.equal(qemu.NoNewPrivs, "1");
    assert.equal(qemu.Seccomp, "2", "qemu ran without its seccomp filter");
    assert.equal(Number.parseInt(qemu.CapEff ?? "", 16), 0);

    for (const r of results) assert.equal(r.code, 0, `\`${r.command}\`: ${r.stderr}`);
    const [uid, uname, links] = results.map((r) => r.stdout);
    assert.equal(uid, "0\n", "the user is not root in its VM");
    assert.equal(uname?.trim(), (await findKernel()).release);
    assert.match(links ?? "", /^lo\s/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
