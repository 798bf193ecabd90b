/**
 * The kernel modules the VM carries: the virtio drivers it boots with, and everything the
 * curriculum's networking needs (veth, bridge, vxlan, ipip, gre, dummy, ip_vs, netem, netfilter
 * ...), with the modules they depend on. They are loaded on demand inside the VM (the kernel
 * asks `modprobe` when `ip link add ... type ipip` needs ipip), so booting loads almost none.
 */
import { dirname, join } from "node:path";
import type { GuestKernel } from "./kernel.ts";

/**
 * Whole folders of kernel/: every tunnel, qdisc and netfilter match lives in these, and the
 * crypto algorithms some of them ask for by name (libcrc32c, which ip_vs needs, wants crc32c).
 */
const MODULE_DIRS = [
  "kernel/net/netfilter/",
  "kernel/net/ipv4/",
  "kernel/net/ipv6/",
  "kernel/net/bridge/",
  "kernel/net/sched/",
  "kernel/net/8021q/",
  "kernel/crypto/",
];
/** Single modules from elsewhere. */
const MODULE_NAMES = [
  "virtio_pci",
  "virtio_console",
  "veth",
  "dummy",
  "vxlan",
  "geneve",
  "macvlan",
  "ipvlan",
  "vrf",
  "ifb",
  "tun",
  "bonding",
  "wireguard",
];
/** depmod's inputs besides the modules themselves. */
const MODULE_FILES = [
  "modules.order",
  "modules.builtin",
  "modules.builtin.modinfo",
  "modules.softdep",
];

/** The selected modules and every module they depend on, as paths relative to the release folder. */
export function selectModules(modulesDep: string): string[] {
  const deps = new Map<string, string[]>();
  for (const line of modulesDep.split("\n")) {
    const [module, rest] = line.split(":");
    if (module && rest !== undefined) deps.set(module, rest.trim().split(/\s+/).filter(Boolean));
  }
  const named = (path: string) => path.replace(/^.*\//, "").replace(/\.ko(\..*)?$/, "");
  const chosen = new Set<string>();
  const add = (module: string) => {
    if (chosen.has(module)) return;
    chosen.add(module);
    for (const d of deps.get(module) ?? []) add(d);
  };
  for (const module of deps.keys()) {
    if (MODULE_DIRS.some((d) => module.startsWith(d)) || MODULE_NAMES.includes(named(module))) {
      add(module);
    }
  }
  const missing = MODULE_NAMES.filter((n) => ![...chosen].some((m) => named(m) === n));
  if (missing.length) {
    throw new Error(`the kernel's modules.dep has no ${missing.join(", ")}`);
  }
  return [...chosen].sort();
}

/**
 * Copies the modules into `stage`/lib/modules/RELEASE and indexes them there with depmod (the
 * VM's modprobe reads those indexes). Returns how many modules were copied.
 */
export async function stageModules(kernel: GuestKernel, stage: string): Promise<number> {
  const target = join(stage, "lib/modules", kernel.release);
  const modules = selectModules(await Deno.readTextFile(join(kernel.modules, "modules.dep")));
  for (const m of modules) {
    await Deno.mkdir(dirname(join(target, m)), { recursive: true });
    await Deno.copyFile(join(kernel.modules, m), join(target, m));
  }
  for (const f of MODULE_FILES) {
    await Deno.copyFile(join(kernel.modules, f), join(target, f)).catch((e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    });
  }
  const out = await new Deno.Command("depmod", {
    args: ["-b", stage, kernel.release],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`depmod failed: ${new TextDecoder().decode(out.stderr).trim()}`);
  }
  return modules.length;
}
