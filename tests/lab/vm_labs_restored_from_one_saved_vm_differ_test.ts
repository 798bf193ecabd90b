/**
 * Under TCG every micro-VM lab is restored from one saved VM (lib/lab/vm/vm_state.ts), yet each is
 * its own: two labs draw different random numbers (the kernel's generator reseeded with the
 * host's bytes, so a boot_id, a TCP sequence number or a key made in one lab says nothing of the
 * other), and a lab's clock is the host's time, not the time the VM was saved.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Lab } from "../../lib/lab/backend.ts";
import { vmBackend } from "../../lib/lab/vm_backend.ts";
import { cacheFolder } from "../../lib/lab/vm/vm_image.ts";

const support = await vmBackend.support();
const ignore = !support.ok && !Deno.env.get("CI");
if (ignore) console.warn(`ignoring the micro-VM's saved state tests: ${support.reason}`);
const decoder = new TextDecoder();

/** A VM lab under TCG (the one accelerator that restores a saved VM). */
async function tcgLab(): Promise<Lab> {
  const before = Deno.env.get("NETBOOK_VM_ACCEL");
  Deno.env.set("NETBOOK_VM_ACCEL", "tcg");
  try {
    return await vmBackend.start();
  } finally {
    if (before === undefined) Deno.env.delete("NETBOOK_VM_ACCEL");
    else Deno.env.set("NETBOOK_VM_ACCEL", before);
  }
}

async function out(lab: Lab, command: string): Promise<string> {
  const r = await lab.exec(command);
  assert.equal(r.code, 0, `\`${command}\`: ${decoder.decode(r.stderr)}`);
  return decoder.decode(r.stdout).trim();
}

/** The saved VM the labs were restored from. */
async function savedState(): Promise<Deno.FileInfo> {
  const names = [];
  for await (const e of Deno.readDir(cacheFolder())) {
    if (/^state-\w+\.vmstate$/.test(e.name)) names.push(e.name);
  }
  assert.ok(names.length > 0, `no saved VM in ${cacheFolder()}`);
  const infos = await Promise.all(names.map((n) => Deno.stat(join(cacheFolder(), n))));
  return infos.sort((a, b) => (b.mtime?.getTime() ?? 0) - (a.mtime?.getTime() ?? 0))[0]!;
}

const RANDOM =
  "cat /proc/sys/kernel/random/boot_id; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \\n'";

Deno.test({
  name: "two VM labs restored from one saved VM draw different random numbers",
  ignore,
}, async () => {
  const a = await tcgLab();
  try {
    const b = await tcgLab();
    try {
      await savedState(); // both came from it
      const [fromA, fromB] = [await out(a, RANDOM), await out(b, RANDOM)];
      const [bootA, bytesA] = fromA.split("\n");
      const [bootB, bytesB] = fromB.split("\n");
      assert.match(bootA!, /^[0-9a-f-]{36}$/);
      assert.match(bytesA!, /^[0-9a-f]{64}$/);
      assert.notEqual(bootA, bootB, "the two labs have one boot_id");
      assert.notEqual(bytesA, bytesB, "the two labs drew the same random bytes");
    } finally {
      await b.close();
    }
  } finally {
    await a.close();
  }
});

/** A saved VM's clock stopped when it was saved: this far back, a lab that kept it would show it. */
const STATE_AGE_MS = 20_000;
/** A lab's clock, to the second, beside the host's (its kernel counts time by ticks, which emulation
 * on a busy host may lose). */
const CLOCK_SLACK_S = 5;

Deno.test({ name: "a VM lab restored from a saved VM has the host's time", ignore }, async () => {
  const first = await tcgLab(); // makes the saved VM, if there is none
  await first.close();
  const age = Date.now() - ((await savedState()).mtime?.getTime() ?? 0);
  // Not a wait for something to happen: the saved VM must be old enough for its clock to be wrong.
  if (age < STATE_AGE_MS) await new Promise((r) => setTimeout(r, STATE_AGE_MS - age));
  const lab = await tcgLab();
  try {
    const before = Math.floor(Date.now() / 1000);
    const guest = Number(await out(lab, "date +%s"));
    const after = Math.ceil(Date.now() / 1000);
    assert.ok(
      guest >= before - CLOCK_SLACK_S && guest <= after + CLOCK_SLACK_S,
      `the lab's clock says ${guest}, the host's ${before}..${after}`,
    );
  } finally {
    await lab.close();
  }
});
