/**
 * The few kernel modules the VM loads before it has a /usr (and before the point where its state
 * is saved, so that a restored VM has them at no cost): the virtio PCI transport, 9p over virtio,
 * which mounts the host's /usr, the virtio console (the agent's port), and br_netfilter, loaded
 * as on a Kubernetes node (and on the host of the netns lab), so that bridged traffic passes
 * iptables there too. They travel in the initramfs; every other module is loaded later, on
 * demand, by `modprobe` from the host's /lib/modules, read through that share. Their order
 * follows the kernel's own modules.dep, whatever the release.
 */

/** What the VM loads before /usr is there. */
export const BOOT_MODULES = ["virtio_pci", "9pnet_virtio", "9p", "virtio_console", "br_netfilter"];

function named(path: string): string {
  return path.replace(/^.*\//, "").replace(/\.ko(\..*)?$/, "").replaceAll("-", "_");
}

/**
 * The modules to load, as paths relative to the release's module folder, each after the ones it
 * depends on; a module built into the kernel (modules.builtin) needs no loading. Throws, naming
 * the release's files, when the kernel has one neither as a module nor built in.
 */
export function bootModules(modulesDep: string, builtin: string, wanted = BOOT_MODULES): string[] {
  const deps = new Map<string, { path: string; needs: string[] }>();
  for (const line of modulesDep.split("\n")) {
    const [path, rest] = line.split(":");
    if (path && rest !== undefined) {
      deps.set(named(path), { path, needs: rest.trim().split(/\s+/).filter(Boolean) });
    }
  }
  const inKernel = new Set(builtin.split("\n").filter(Boolean).map(named));
  const order: string[] = [];
  const visit = (name: string, by: string[]) => {
    if (inKernel.has(name) || order.includes(deps.get(name)?.path ?? "")) return;
    const module = deps.get(name);
    if (!module) {
      throw new Error(
        `the kernel has no ${name} module${by.length ? ` (which ${by.at(-1)} needs)` : ""}, ` +
          "nor is it built in (modules.dep, modules.builtin): the micro-VM mounts the host's " +
          "/usr over 9p and virtio, and needs a kernel with them",
      );
    }
    for (const d of module.needs) visit(named(d), [...by, name]);
    order.push(module.path);
  };
  for (const name of wanted) visit(name, []);
  return order;
}
