/**
 * The micro-VM reads the host's /usr, and nothing of the host is writable from it: root in the
 * guest cannot write, create, chmod or remove a file there, not even after remounting the share
 * read-write (qemu itself refuses: the guest's own mount table says rw, the writes still fail),
 * and sees no other host folder. Beneath that, qemu runs under its seccomp filter, unable to gain
 * privileges and, when netbook is root, as a user of its own with no capabilities: a guest that
 * took qemu over would still be nobody to the host's files.
 */
import assert from "node:assert/strict";
import { vmBackend } from "../../lib/lab/vm_backend.ts";
import { QEMU_UID } from "../../lib/lab/vm/boot_vm.ts";

const support = await vmBackend.support();
const ignore = !support.ok && !Deno.env.get("CI");
if (ignore) console.warn(`ignoring the micro-VM's boundary tests: ${support.reason}`);
const decoder = new TextDecoder();
const root = Deno.uid() === 0;

/** A file of the host's /usr to attack: made for the test where it can be (as root). */
async function witness(): Promise<{ path: string; text: string; remove(): Promise<void> }> {
  if (!root) {
    return { path: "/usr/bin/true", text: "", remove: () => Promise.resolve() };
  }
  const path = `/usr/share/netbook-witness-${crypto.randomUUID()}`;
  const text = "the host's own file\n";
  await Deno.writeTextFile(path, text, { mode: 0o644 });
  return { path, text, remove: () => Deno.remove(path) };
}

Deno.test({ name: "root in the micro-VM cannot write the host's /usr", ignore }, async () => {
  const target = await witness();
  try {
    await attackTheShare(target.path, target.text);
  } finally {
    await target.remove();
  }
});

async function attackTheShare(path: string, text: string): Promise<void> {
  const before = await Deno.stat(path);
  const made = `/usr/share/netbook-made-${crypto.randomUUID()}`;
  const lab = await vmBackend.start();
  try {
    const attack = async (command: string) => {
      const r = await lab.exec(command);
      return { out: decoder.decode(r.stdout), err: decoder.decode(r.stderr), code: r.code };
    };
    const tries = [
      `echo pwned >> ${path}`,
      `: > ${path}`,
      `chmod 777 ${path}`,
      `rm -f ${path}`,
      `touch ${made}`,
      `mkdir ${made}`,
    ];
    for (const t of tries) {
      const r = await attack(t);
      assert.notEqual(r.code, 0, `\`${t}\` worked in the VM`);
      assert.match(r.err, /Read-only file system/, t);
    }
    // Remounted read-write, the guest believes it may write; qemu still refuses.
    const remounted = await attack("mount -o remount,rw /usr && grep ' /usr ' /proc/mounts");
    assert.equal(remounted.code, 0, remounted.err);
    assert.match(remounted.out, /^host-usr \/usr 9p rw,/);
    for (const t of tries) {
      const r = await attack(t);
      assert.notEqual(r.code, 0, `\`${t}\` worked once /usr was remounted read-write`);
      assert.match(r.err, /Read-only file system/, t);
    }
    // The share is the host's /usr and nothing more.
    const shares = await attack("grep -c ' 9p ' /proc/mounts; ls /usr/.. | tr '\\n' ' '");
    assert.equal(shares.out.split("\n")[0], "1");
    assert.doesNotMatch(shares.out, /\b(home|work|boot|srv|opt)\b/, "a host folder in the VM");
    const etc = await attack("cat /etc/hostname; ls -A /root | wc -l; test -e /etc/shadow");
    assert.equal(etc.out, "lab\n0\n");
    assert.notEqual(etc.code, 0, "the guest has an /etc/shadow");
  } finally {
    await lab.close();
  }
  const after = await Deno.stat(path);
  assert.equal(after.mode, before.mode, "the host file's mode changed");
  assert.equal(after.size, before.size, "the host file's size changed");
  if (text) assert.equal(await Deno.readTextFile(path), text);
  assert.ok(!await Deno.stat(made).then(() => true, () => false), `the VM made ${made}`);
}

Deno.test({ name: "qemu runs sandboxed, without privileges", ignore }, async () => {
  const lab = await vmBackend.start();
  try {
    const status = Object.fromEntries(
      (await Deno.readTextFile(`/proc/${lab.pid}/status`)).split("\n").map((l) => l.split(":\t")),
    );
    assert.equal(status.Name, "qemu-system-x86", "lab.pid is not qemu");
    assert.equal(status.Seccomp, "2", "qemu runs without -sandbox on");
    assert.equal(status.NoNewPrivs, "1");
    for (const set of ["CapPrm", "CapEff", "CapInh", "CapAmb"]) {
      assert.equal(Number.parseInt(status[set], 16), 0, `qemu's ${set} is ${status[set]}`);
    }
    const uids = status.Uid.split("\t");
    if (root) {
      assert.deepEqual(uids, Array(4).fill(String(QEMU_UID)), "qemu runs as root's user");
      assert.equal(Number.parseInt(status.CapBnd, 16), 0, "qemu may still gain capabilities");
      assert.equal(status.Groups.trim(), "", "qemu kept root's groups");
    } else {
      assert.deepEqual(uids, Array(4).fill(String(Deno.uid())));
    }
  } finally {
    await lab.close();
  }
});
