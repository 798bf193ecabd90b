/**
 * KVM where it works, TCG (qemu's emulator) otherwise. Some hosts offer a /dev/kvm that hangs a
 * Debian guest kernel (nested or paravirtual KVM): the first boot under KVM gets a short time
 * limit, and a KVM that fails is remembered for this host kernel (in the VM cache folder), so
 * later runs go straight to TCG. NETBOOK_VM_ACCEL=kvm|tcg chooses.
 */
import { join } from "node:path";
import { type Accel, type BootedVm, bootVm } from "./boot_vm.ts";
import { cacheFolder, type VmImage } from "./vm_image.ts";
import { ensureState } from "./vm_state.ts";

/** A working KVM boots in about a second; one that hangs never does. */
const KVM_LIMIT_MS = 8_000;
/** TCG on a busy machine can take ten times its usual two seconds. */
const TCG_LIMIT_MS = 90_000;

interface KvmVerdict {
  hostKernel: string;
  works: boolean;
  why?: string;
}

function verdictPath(): string {
  return join(cacheFolder(), "kvm.json");
}

async function kvmUsable(): Promise<boolean> {
  try {
    (await Deno.open("/dev/kvm", { read: true, write: true })).close();
  } catch {
    return false;
  }
  const text = await Deno.readTextFile(verdictPath()).catch(() => undefined);
  const verdict = text ? JSON.parse(text) as KvmVerdict : undefined;
  return !(verdict && verdict.hostKernel === Deno.osRelease() && !verdict.works);
}

async function remember(verdict: KvmVerdict): Promise<void> {
  await Deno.mkdir(cacheFolder(), { recursive: true });
  await Deno.writeTextFile(verdictPath(), JSON.stringify(verdict) + "\n");
}

function requested(): Accel | undefined {
  const value = Deno.env.get("NETBOOK_VM_ACCEL");
  if (!value || value === "auto") return undefined;
  if (value === "kvm" || value === "tcg") return value;
  throw new TypeError(`NETBOOK_VM_ACCEL must be kvm, tcg or auto (not "${value}")`);
}

/**
 * Under TCG, a VM restored from the state saved for this image (made first if need be, telling
 * `onProgress`); under KVM, which boots in about a second, a VM booted.
 */
async function underTcg(
  image: VmImage,
  onProgress?: (message: string) => void,
): Promise<BootedVm> {
  return await bootVm(image, "tcg", TCG_LIMIT_MS, await ensureState(image, { onProgress }));
}

/** Boots the image with the best accelerator that works here. */
export async function chooseAccel(
  image: VmImage,
  options: { onProgress?: (message: string) => void } = {},
): Promise<BootedVm> {
  const forced = requested();
  if (forced === "kvm") return await bootVm(image, "kvm", KVM_LIMIT_MS);
  if (forced === "tcg") return await underTcg(image, options.onProgress);
  if (await kvmUsable()) {
    try {
      return await bootVm(image, "kvm", KVM_LIMIT_MS);
    } catch (e) {
      await remember({ hostKernel: Deno.osRelease(), works: false, why: (e as Error).message });
    }
  }
  return await underTcg(image, options.onProgress);
}
