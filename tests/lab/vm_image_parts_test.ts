/**
 * The parts of the micro-VM's image, on small inputs: the boot modules follow modules.dep (their
 * dependencies first, built-in ones left out, a missing one named); the guest's root has its own
 * identity and takes only the listed files of the host's /etc, with iptables on nf_tables; and
 * the initramfs busybox writes holds every entry, owned by root, with its mode. (The whole image
 * is booted by the VM tests.)
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { bootModules } from "../../lib/lab/vm/boot_modules.ts";
import { type GuestEntry, guestFiles } from "../../lib/lab/vm/guest_files.ts";
import { staticBusybox } from "../../lib/lab/vm/vm_image.ts";
import { writeInitramfs } from "../../lib/lab/vm/write_initramfs.ts";

const DEP = [
  "kernel/fs/netfs/netfs.ko:",
  "kernel/fs/fscache/fscache.ko: kernel/fs/netfs/netfs.ko",
  "kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko kernel/fs/fscache/fscache.ko kernel/fs/netfs/netfs.ko",
  "kernel/net/9p/9pnet.ko:",
  "kernel/net/9p/9pnet_virtio.ko: kernel/net/9p/9pnet.ko kernel/drivers/virtio/virtio.ko " +
  "kernel/drivers/virtio/virtio_ring.ko",
  "kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko",
  "kernel/drivers/virtio/virtio_ring.ko:",
  "kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_modern_dev.ko " +
  "kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko",
  "kernel/drivers/virtio/virtio_pci_modern_dev.ko:",
  "kernel/drivers/char/virtio_console.ko: kernel/drivers/virtio/virtio.ko " +
  "kernel/drivers/virtio/virtio_ring.ko",
  "kernel/net/bridge/br_netfilter.ko: kernel/net/bridge/bridge.ko kernel/net/802/stp.ko " +
  "kernel/net/llc/llc.ko",
  "kernel/net/bridge/bridge.ko: kernel/net/802/stp.ko kernel/net/llc/llc.ko",
  "kernel/net/802/stp.ko: kernel/net/llc/llc.ko",
  "kernel/net/llc/llc.ko:",
  "kernel/sound/core/snd.ko:",
].join("\n");

Deno.test("boot modules come after what they depend on, once each, and nothing else", () => {
  const order = bootModules(DEP, "");
  const at = (m: string) => order.findIndex((p) => p.endsWith(`/${m}.ko`));
  assert.equal(new Set(order).size, order.length, order.join(" "));
  assert.equal(order.length, 14, order.join(" "));
  assert.ok(at("virtio_ring") < at("virtio") && at("virtio") < at("virtio_pci"));
  assert.ok(at("virtio_pci_modern_dev") < at("virtio_pci"));
  assert.ok(at("9pnet") < at("9pnet_virtio") && at("netfs") < at("fscache"));
  assert.ok(at("fscache") < at("9p") && at("9pnet") < at("9p"));
  assert.ok(at("virtio") < at("virtio_console"));
  assert.ok(at("llc") < at("stp") && at("stp") < at("bridge") && at("bridge") < at("br_netfilter"));
  assert.equal(at("snd"), -1, "a module nothing asked for was taken");
});

Deno.test("a boot module built into the kernel is not loaded; a missing one is named", () => {
  const builtin = "kernel/drivers/virtio/virtio.ko\nkernel/drivers/virtio/virtio_ring.ko\n";
  const order = bootModules(DEP, builtin);
  assert.ok(!order.some((p) => /\/virtio(_ring)?\.ko$/.test(p)), order.join(" "));
  assert.ok(order.some((p) => p.endsWith("/virtio_pci.ko")));
  const without9p = DEP.split("\n").filter((l) => !l.startsWith("kernel/fs/9p/")).join("\n");
  assert.throws(() => bootModules(without9p, ""), /the kernel has no 9p module/);
  const withoutNetfs = DEP.split("\n").filter((l) => !l.startsWith("kernel/fs/netfs")).join("\n");
  assert.throws(() => bootModules(withoutNetfs, ""), /no netfs module \(which fscache needs\)/);
});

/** A kernel's module folder and an /etc, made up, in a temp dir. */
async function fakeHost(dir: string) {
  const modules = join(dir, "modules");
  await Deno.mkdir(modules, { recursive: true });
  await Deno.writeTextFile(join(modules, "modules.dep"), DEP);
  for (const line of DEP.split("\n")) {
    const path = join(modules, line.replace(/:.*/, ""));
    await Deno.mkdir(join(path, ".."), { recursive: true });
    await Deno.writeTextFile(path, `module ${path}\n`);
  }
  const etc = join(dir, "etc");
  await Deno.mkdir(join(etc, "alternatives"), { recursive: true });
  await Deno.mkdir(join(etc, "iproute2"), { recursive: true });
  await Deno.writeTextFile(join(etc, "iproute2/rt_protos"), "12 bird\n");
  await Deno.writeTextFile(join(etc, "protocols"), "tcp 6 TCP\n");
  await Deno.writeTextFile(join(etc, "shadow"), "root:secret:::::::\n");
  await Deno.writeTextFile(join(etc, "iproute2/secret"), "only root reads this\n", { mode: 0o600 });
  await Deno.chmod(join(etc, "iproute2/secret"), 0o600);
  await Deno.writeTextFile(join(etc, "hostname"), "the-host\n");
  await Deno.symlink("/usr/bin/mawk", join(etc, "alternatives/awk"));
  await Deno.symlink("/usr/sbin/iptables-legacy", join(etc, "alternatives/iptables"));
  return { release: "6.1.0-test-amd64", image: join(dir, "vmlinuz"), modules, etc };
}

Deno.test("the guest's root has its own identity and only the tools' files of the host's /etc", async () => {
  const dir = await Deno.makeTempDir({ prefix: "netbook-guest-" });
  try {
    const host = await fakeHost(dir);
    const entries = await guestFiles(host, "/bin/true", host.etc);
    const byPath = new Map(entries.map((e) => [e.path, e]));
    const text = (p: string) => (byPath.get(p) as { text?: string } | undefined)?.text;
    assert.equal(text("etc/hostname"), "lab\n");
    assert.match(text("etc/passwd") ?? "", /^root:x:0:0:/);
    assert.ok(!byPath.has("etc/shadow"), "the host's shadow file went into the VM");
    assert.ok(!byPath.has("etc/machine-id"));
    assert.ok(!byPath.has("etc/iproute2/secret"), "a file only root may read went into the VM");
    assert.deepEqual(byPath.get("etc/iproute2/rt_protos"), {
      path: "etc/iproute2/rt_protos",
      type: "file",
      mode: 0o644,
      from: join(host.etc, "iproute2/rt_protos"),
    });
    const link = (p: string) => (byPath.get(p) as { target?: string } | undefined)?.target;
    assert.equal(link("etc/alternatives/awk"), "/usr/bin/mawk");
    assert.equal(link("etc/alternatives/iptables"), "/usr/sbin/iptables-nft");
    assert.equal(link("etc/alternatives/ip6tables-save"), "/usr/sbin/ip6tables-nft-save");
    assert.equal(entries.filter((e) => e.path === "etc/alternatives/iptables").length, 1);
    assert.equal(link("bin"), "usr/bin");
    const order = text("netbook/modules/order")?.trim().split("\n") ?? [];
    assert.equal(order.at(-1), "br_netfilter.ko", order.join(" "));
    for (const m of order) assert.ok(byPath.has(`netbook/modules/${m}`), m);
    // The agent starts before the VM has the host's /usr: perl, its loader and modules are here.
    const from = (p: string) => (byPath.get(p) as { from?: string } | undefined)?.from;
    assert.equal(from("netbook/perl/perl"), await Deno.realPath("/usr/bin/perl"));
    assert.match(from("netbook/lib/ld.so") ?? "", /\/ld-linux[^/]*\.so/);
    assert.match(from("netbook/perl/lib/POSIX.pm") ?? "", /\/POSIX\.pm$/);
    assert.match(from("netbook/perl/lib/auto/POSIX/POSIX.so") ?? "", /\/POSIX\.so$/);
    assert.ok(byPath.has("netbook/start.pl") && byPath.has("netbook/agent.pl"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const busybox = await staticBusybox().catch(() => undefined);
const noBusybox = !busybox && !Deno.env.get("CI");
if (noBusybox) console.warn("ignoring the initramfs test: it needs busybox-static");

Deno.test({
  name: "the initramfs holds every entry, owned by root, with its mode",
  ignore: noBusybox,
}, async () => {
  const dir = await Deno.makeTempDir({ prefix: "netbook-initramfs-" });
  try {
    await Deno.writeTextFile(join(dir, "hello"), "hi\n");
    const entries: GuestEntry[] = [
      { path: "tmp", type: "dir", mode: 0o1777 },
      { path: "root", type: "dir", mode: 0o700 },
      { path: "usr/bin/hello", type: "file", mode: 0o755, from: join(dir, "hello") },
      { path: "init", type: "file", mode: 0o755, text: "#!/bin/sh\n" },
      { path: "bin", type: "symlink", target: "usr/bin" },
    ];
    const file = join(dir, "initramfs.cpio");
    await writeInitramfs(entries, file, busybox!);
    const out = await new Deno.Command(busybox!, {
      args: ["cpio", "-tv", "-F", file],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const listing = new TextDecoder().decode(out.stdout);
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    assert.match(listing, /^drwxrwxrwt 0\/0 .* tmp$/m);
    assert.match(listing, /^drwx------ 0\/0 .* root$/m);
    assert.match(listing, /^-rwxr-xr-x 0\/0 +3 .* usr\/bin\/hello$/m);
    assert.match(listing, /^-rwxr-xr-x 0\/0 +10 .* init$/m);
    assert.match(listing, /^lrwxrwxrwx 0\/0 .* bin -> usr\/bin$/m);
    const names = listing.trim().split("\n").map((l) =>
      l.replace(/ -> .*/, "").split(/\s+/).at(-1)
    );
    assert.ok(names.indexOf("usr") < names.indexOf("usr/bin"), names.join(" "));
    assert.ok(names.indexOf("usr/bin") < names.indexOf("usr/bin/hello"), names.join(" "));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
