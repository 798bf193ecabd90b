/**
 * The pure parts of the micro-VM's image build, on small inputs: the ELF reader that finds a
 * program's libraries, the cpio writer the kernel unpacks, the module selection that follows
 * modules.dep, and the merged-/usr mapping. (The whole build is exercised by the VM tests.)
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeCpio } from "../../lib/lab/vm/cpio.ts";
import { elfNeeded } from "../../lib/lab/vm/elf_needed.ts";
import { ImageTree } from "../../lib/lab/vm/image_tree.ts";
import { selectModules } from "../../lib/lab/vm/stage_modules.ts";
import { imagePath } from "../../lib/lab/vm/stage_tools.ts";

Deno.test("the ELF reader finds a program's libraries and loader, and nothing in a script", () => {
  const bash = elfNeeded(Deno.readFileSync("/bin/bash"));
  assert.ok(bash, "/bin/bash is not read as ELF");
  assert.ok(bash.needed.includes("libc.so.6"), bash.needed.join(" "));
  assert.equal(bash.interpreter, "/lib64/ld-linux-x86-64.so.2");
  assert.equal(elfNeeded(new TextEncoder().encode("#!/bin/sh\necho hi\n")), undefined);
  assert.equal(elfNeeded(new Uint8Array(10)), undefined);
});

const busybox = await Deno.stat("/bin/busybox").then(() => true, () => false);
const noCpio = !busybox && !Deno.env.get("CI");
if (noCpio) {
  console.warn("ignoring the cpio test: it reads the archive back with busybox-static's cpio");
}

Deno.test({
  name: "the cpio writer makes a newc archive cpio itself reads back",
  ignore: noCpio,
}, async () => {
  const dir = await Deno.makeTempDir({ prefix: "netbook-cpio-" });
  try {
    const tree = new ImageTree();
    tree.add({
      path: "usr/bin/hello",
      type: "file",
      mode: 0o755,
      data: new TextEncoder().encode("hi\n"),
    });
    tree.add({ path: "bin", type: "symlink", target: "usr/bin" });
    tree.add({ path: "dev/console", type: "char", mode: 0o600, major: 5, minor: 1 });
    const chunks: Uint8Array[] = [];
    await writeCpio(tree, (c) => Promise.resolve(void chunks.push(c.slice())));
    const archive = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) archive.set(c, (at += c.length) - c.length);
    assert.equal(archive.length % 4, 0, "newc entries are padded to 4 bytes");
    await Deno.writeFile(join(dir, "a.cpio"), archive);
    const out = await new Deno.Command("busybox", {
      args: ["cpio", "-tv", "-F", join(dir, "a.cpio")],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const listing = new TextDecoder().decode(out.stdout);
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    assert.match(listing, /^drwxr-xr-x .* usr$/m);
    assert.match(listing, /^-rwxr-xr-x +0\/0 +3 .* usr\/bin\/hello$/m);
    assert.match(listing, /^lrwxrwxrwx .* bin -> usr\/bin$/m);
    assert.match(listing, /^crw------- .* dev\/console$/m);
    // Parents come before what they hold.
    const names = listing.trim().split("\n").map((l) => l.split(/\s+/).at(-1));
    assert.ok(names.indexOf("usr") < names.indexOf("usr/bin/hello"), names.join(" "));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("module selection takes the chosen folders and names, and what they depend on", () => {
  const dep = [
    "kernel/net/netfilter/ipvs/ip_vs.ko: kernel/net/netfilter/nf_conntrack.ko kernel/lib/libcrc32c.ko",
    "kernel/net/netfilter/nf_conntrack.ko: kernel/lib/libcrc32c.ko",
    "kernel/lib/libcrc32c.ko:",
    "kernel/drivers/net/dummy.ko:",
    "kernel/drivers/char/virtio_console.ko: kernel/drivers/virtio/virtio.ko",
    "kernel/drivers/virtio/virtio.ko:",
    "kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio.ko",
    "kernel/drivers/net/veth.ko:",
    "kernel/drivers/net/vxlan/vxlan.ko:",
    "kernel/drivers/net/geneve.ko:",
    "kernel/drivers/net/macvlan.ko:",
    "kernel/drivers/net/ipvlan/ipvlan.ko:",
    "kernel/drivers/net/vrf.ko:",
    "kernel/drivers/net/ifb.ko:",
    "kernel/drivers/net/tun.ko:",
    "kernel/drivers/net/bonding/bonding.ko:",
    "kernel/drivers/net/wireguard/wireguard.ko:",
    "kernel/sound/core/snd.ko:",
  ].join("\n");
  const chosen = selectModules(dep);
  assert.ok(chosen.includes("kernel/lib/libcrc32c.ko"), "ip_vs's dependency was left out");
  assert.ok(chosen.includes("kernel/drivers/virtio/virtio.ko"));
  assert.ok(!chosen.includes("kernel/sound/core/snd.ko"), "a module nothing asked for was taken");
  assert.throws(() => selectModules("kernel/drivers/net/veth.ko:\n"), /modules\.dep has no/);
});

Deno.test("the image has a merged /usr: /bin, /sbin and /lib go under /usr", () => {
  assert.equal(imagePath("bin/bash"), "usr/bin/bash");
  assert.equal(imagePath("sbin/ip"), "usr/sbin/ip");
  assert.equal(imagePath("lib/x86_64-linux-gnu/libc.so.6"), "usr/lib/x86_64-linux-gnu/libc.so.6");
  assert.equal(imagePath("lib64"), "usr/lib64");
  assert.equal(imagePath("usr/bin/curl"), "usr/bin/curl");
  assert.equal(imagePath("etc/hosts"), "etc/hosts");
  assert.equal(imagePath("library/x"), "library/x");
});
