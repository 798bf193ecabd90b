import type { Capability } from "../capability/registry.ts";
import { AgentLab } from "./agent_lab.ts";
import type { BackendSupport, Lab, LabBackend, LabStartOptions } from "./backend.ts";
import { CapabilityMissingError } from "./errors.ts";
import { chooseAccel } from "./vm/accel.ts";
import { VM_MEMORY_MIB } from "./vm/boot_vm.ts";
import { findKernel } from "./vm/kernel.ts";
import { ensureImage } from "./vm/vm_image.ts";
import { VmLab } from "./vm/vm_lab.ts";

/**
 * What a lab in the VM can have, even where the host's kernel lacks it (it brings its own
 * kernel). Its tools are this machine's own, from its /usr: a tool the host lacks, the VM lacks
 * too. Not nftables, nginx, the CNI plugins, dnsmasq or dig.
 */
const SUPPLIES: ReadonlySet<Capability> = new Set<Capability>([
  "netns",
  "veth",
  "bridge",
  "br_netfilter",
  "ethtool",
  "vxlan",
  "ipip",
  "gre",
  "dummy",
  "iptables",
  "conntrack",
  "ipvs",
  "ipset",
  "netem",
  "bird",
  "socat",
  "curl",
  "tcpdump",
  "traceroute",
]);

/**
 * What the VM needs on the host; each is also checked by `support()`. The VM runs this
 * machine's own programs (its /usr, shared read-only): the tools a notebook uses in the VM
 * (ipvsadm, ipset, bird ...) are the host's, each capability's package in the registry.
 */
const NEEDS = [
  { program: "qemu-system-x86_64", package: "qemu-system-x86", why: "runs the micro-VM" },
  { program: "/vmlinuz", package: "linux-image-amd64", why: "the VM's kernel (Debian's)" },
  { program: "busybox", package: "busybox-static", why: "the VM's first process and its image" },
  { program: "xz", package: "xz-utils", why: "unpacks the kernel for a direct boot, once" },
  { program: "setpriv", package: "util-linux", why: "runs qemu unprivileged, ended with netbook" },
  { program: "perl", package: "perl-base", why: "the lab's agent, in the VM" },
  { program: "bash", package: "bash", why: "runs the lab's commands, in the VM" },
  { program: "modprobe", package: "kmod", why: "loads the VM's kernel modules, in the VM" },
  { program: "ip", package: "iproute2", why: "the lab's namespaces and links, in the VM" },
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
 * A micro-VM: Debian's kernel (from this machine's linux-image-amd64) under qemu, with KVM where
 * it works and TCG otherwise, running this machine's own tools from its /usr, shared read-only.
 * It brings the kernel modules this machine's kernel may lack (ipip, ip_vs, dummy, netem ...),
 * needs no root, has no network device to the outside, and has VM_MEMORY_MIB of memory.
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
    return SUPPLIES.has(capability);
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
        `the micro-VM's image could not be built: ${(e as Error).message}`,
        { cause: e },
      );
    }
    const vm = await chooseAccel(image, { onProgress: options.onProgress });
    const kernel = image.kernel.release; // what `uname -r` says in the VM
    // The VM lives only in qemu's memory: ending qemu ends all of it at once.
    const lab = new AgentLab(vm.child, vm.agent, { kind: "vm", kernel, accel: vm.accel }, {
      holder: "its VM",
      stop: (qemu) => qemu.kill("SIGKILL"),
    });
    return new VmLab(lab, vm, VM_MEMORY_MIB);
  },
};
