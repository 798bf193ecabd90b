/**
 * The saved VM (lib/lab/vm/vm_state.ts) is used only while it is the one saved for this image:
 * one saved for another kernel, initramfs, qemu or set of arguments has another key and is made
 * again; one whose file changed after it was saved is never given to qemu, but said to be
 * damaged and made again; and one qemu cannot load stops the lab with a message naming the file,
 * which is removed so that the next lab makes it again.
 */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { CapabilityMissingError } from "../../lib/lab/errors.ts";
import { vmBackend } from "../../lib/lab/vm_backend.ts";
import { bootVm } from "../../lib/lab/vm/boot_vm.ts";
import { ensureImage, type VmImage } from "../../lib/lab/vm/vm_image.ts";
import { ensureState, stateKey } from "../../lib/lab/vm/vm_state.ts";

const support = await vmBackend.support();
const ignore = !support.ok && !Deno.env.get("CI");
if (ignore) console.warn(`ignoring the micro-VM's saved state tests: ${support.reason}`);

/** The image's files in a folder of the test's own, where its saved VM is made. */
async function privateImage(dir: string): Promise<VmImage> {
  const image = await ensureImage();
  const copy = async (file: string) => {
    const to = join(dir, basename(file));
    await Deno.link(file, to).catch(() => Deno.copyFile(file, to));
    return to;
  };
  return { ...image, vmlinux: await copy(image.vmlinux), initramfs: await copy(image.initramfs) };
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test({
  name: "a saved VM for another image, or one changed since it was saved, is made again",
  ignore,
}, async () => {
  const dir = await Deno.makeTempDir({ prefix: "netbook-vm-state-" });
  try {
    const image = await privateImage(dir);
    const other = { ...image, initramfs: join(dir, "initramfs-0000000000000000.cpio") };
    assert.notEqual(await stateKey(image), await stateKey(other), "the key ignores the initramfs");

    const said: string[] = [];
    const onProgress = (m: string) => said.push(m);
    const state = await ensureState(image, { onProgress });
    assert.ok(said.some((m) => m.includes("booting once to save the VM")), said.join("\n"));
    const saved = await Deno.readFile(state);

    // Bytes changed in the middle of it, where qemu would load them into the VM's memory.
    using file = await Deno.open(state, { write: true });
    await file.seek(Math.floor(saved.length / 2), Deno.SeekMode.Start);
    await file.write(new Uint8Array(64).fill(0xa5));
    file.close();
    said.length = 0;
    assert.equal(await ensureState(image, { onProgress }), state);
    assert.ok(
      said.some((m) => m.includes(`the saved VM ${state} is damaged`)),
      `nothing said the saved VM was damaged:\n${said.join("\n")}`,
    );

    // The same VM, now whole, boots: its agent answers.
    const vm = await bootVm(image, "tcg", 90_000, state);
    try {
      assert.equal((await vm.agent.exec("echo restored")).code, 0);
    } finally {
      vm.child.kill("SIGKILL");
      await vm.child.status;
    }

    // Its check made for another key: another image's saved VM.
    const check = JSON.parse(await Deno.readTextFile(`${state}.json`));
    await Deno.writeTextFile(`${state}.json`, JSON.stringify({ ...check, key: "0".repeat(16) }));
    said.length = 0;
    await ensureState(image, { onProgress });
    assert.ok(said.some((m) => m.includes("names another key")), said.join("\n"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "a saved VM qemu cannot load is refused, named, and removed",
  ignore,
}, async () => {
  const dir = await Deno.makeTempDir({ prefix: "netbook-vm-state-" });
  try {
    const image = await privateImage(dir);
    const state = join(dir, "state-broken.vmstate");
    await Deno.writeTextFile(state, "QEVM but not a VM qemu saved\n".repeat(1000));
    await Deno.writeTextFile(`${state}.json`, "{}");
    await assert.rejects(
      () => bootVm(image, "tcg", 90_000, state),
      (e: Error) => {
        assert.ok(e instanceof CapabilityMissingError, String(e));
        assert.match(e.message, /saved state .*state-broken\.vmstate could not be restored/);
        assert.match(e.message, /the next lab makes it again/);
        return true;
      },
    );
    assert.equal(await exists(state), false, "the saved VM qemu refused is still there");
    assert.equal(await exists(`${state}.json`), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
