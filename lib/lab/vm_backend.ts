import { type Capability, REGISTRY } from "../capability/registry.ts";
import { AgentLab } from "./agent_lab.ts";
import type { BackendSupport, Lab, LabBackend, LabStartOptions } from "./backend.ts";
import { CapabilityMissingError } from "./errors.ts";
import { chooseAccel } from "./vm/accel.ts";
import { findKernel } from "./vm/kernel.ts";
import { ensureImage } from "./vm/vm_image.ts";

/** What the VM needs on the host; each is also checked by `support()`. */
const NEEDS = [
  { program: "qemu-system-x86_64", package: "qemu-system-x86", why: "runs the micro-VM" },
  { program: "/vmlinuz", package: "linux-image-amd64", why: "the VM's kernel (Debian's)" },
  { program: "busybox", package: "busybox-static", why: "the VM's first process" },
  { program: "debootstrap", package: "debootstrap", why: "fetches the VM's tools, once" },
  { program: "dpkg-deb", package: "dpkg", why: "unpacks them" },
  { program: "depmod", package: "kmod", why: "indexes the VM's kernel modules" },
  { program: "xz", package: "xz-utils", why: "unpacks the kernel for a direct boot" },
  { program: "zstd", package: "zstd", why: "compresses the VM's image" },
  { program: "setpriv", package: "util-linux", why: "ends the VM when netbook ends" },
] as const;

const DIRS = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

async function installed(program: string): Promise<boolean> {
  const paths = program.startsWith("/") ? [program] : DIRS.map((d) => `${d}/${program}`);
  for (const p of paths) {
    if (await Deno.stat(p).then((s) => s.isFile, () => false)) return true;
  }
  return false;
}

/**
 * A micro-VM: Debian's kernel (from this machine's linux-image-amd64) and Debian's tools, under
 * qemu with KVM where it works and TCG otherwise, built once into the user's cache. It brings
 * the kernel modules this machine may lack (ipip, ip_vs, dummy, netem ...), needs no root, and
 * has no network device to the outside.
 */
export const vmBackend: LabBackend = {
  kind: "vm",
  description: "a micro-VM under qemu: Debian's kernel and tools, for what this kernel lacks",
  needs: NEEDS,

  async support(): Promise<BackendSupport> {
    const missing = [];
    for (const need of NEEDS) {
      if (!need.program.startsWith("/") && !await installed(need.program)) missing.push(need);
    }
    if (missing.length) {
      return {
        ok: false,
        reason: `the micro-VM needs ${missing.map((n) => n.program).join(", ")}: apt-get install ${
          [...new Set(missing.map((n) => n.package))].join(" ")
        }`,
      };
    }
    try {
      return { ok: true, info: { kind: "vm", kernel: (await findKernel()).release } };
    } catch (e) {
      if (e instanceof CapabilityMissingError) return { ok: false, reason: e.message };
      throw e;
    }
  },

  supplies(capability: Capability): boolean {
    return REGISTRY[capability].vm;
  },

  async start(options: LabStartOptions = {}): Promise<Lab> {
    const support = await this.support();
    if (!support.ok) throw new CapabilityMissingError(support.reason);
    let image;
    try {
      image = await ensureImage({ onProgress: options.onProgress });
    } catch (e) {
      if (e instanceof CapabilityMissingError) throw e;
      throw new CapabilityMissingError(
        `the micro-VM's image could not be built (${(e as Error).message}); ` +
          "the first build downloads Debian packages: check the network, or set " +
          "NETBOOK_VM_MIRROR to a Debian mirror you can reach",
        { cause: e },
      );
    }
    const vm = await chooseAccel(image);
    const uname = await vm.agent.exec("uname -r");
    const kernel = new TextDecoder().decode(uname.stdout).trim();
    // The VM lives only in qemu's memory: ending qemu ends all of it at once.
    return new AgentLab(vm.child, vm.agent, { kind: "vm", kernel, accel: vm.accel }, {
      holder: "its VM",
      stop: (qemu) => qemu.kill("SIGKILL"),
    });
  },
};
