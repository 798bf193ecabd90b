/**
 * The micro-VM's RAM is the lab's memory limit. A command that takes it all stops the VM (its
 * kernel panics on running out of memory rather than killing some process of the lab and going
 * on), and the command, and any later one, fails saying so: "the lab ran out of its 256 MiB of
 * memory". qemu is gone afterwards.
 */
import assert from "node:assert/strict";
import { vmBackend } from "../../lib/lab/vm_backend.ts";
import { VM_MEMORY_MIB } from "../../lib/lab/vm/boot_vm.ts";
import { alive } from "./host_processes.ts";

const support = await vmBackend.support();
const ignore = !support.ok && !Deno.env.get("CI");
if (ignore) console.warn(`ignoring the micro-VM's memory test: ${support.reason}`);

Deno.test({ name: "a VM lab that runs out of memory says so, and is gone", ignore }, async () => {
  const lab = await vmBackend.start();
  try {
    const said = new RegExp(`the lab ran out of its ${VM_MEMORY_MIB} MiB of memory: \``);
    // tail keeps the last line whole, and a line of zeros has no end: it grows until none is left.
    const hog = `head -c ${VM_MEMORY_MIB * 4}M /dev/zero | tail -n 1 | wc -c`;
    await assert.rejects(lab.exec(hog), said);
    await assert.rejects(lab.exec("echo after"), said);
    assert.ok(!alive(lab.pid), "qemu is still running");
  } finally {
    await lab.close();
  }
});
