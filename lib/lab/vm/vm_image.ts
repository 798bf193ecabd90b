/**
 * The micro-VM's image: this machine's Debian kernel unpacked for a direct boot (`vmlinux-*`),
 * and a small initramfs (`initramfs-*.cpio`), cached in ($XDG_CACHE_HOME or ~/.cache)/netbook/vm.
 * Each file's name carries a digest of what it is made from (the kernel's bzImage; every file,
 * link and text the initramfs holds, host files by inode, size and time), so an upgraded package,
 * a new kernel ABI or a changed netbook makes a new one by itself: nothing here knows a package
 * version. The tools are not in the image: the VM reads the host's /usr (boot.sh).
 *
 * Files are written beside their final name and renamed into place when complete, under a lock:
 * a killed build leaves no half image, and the next build sweeps what it left (and what older
 * netbooks left). Unpacking the kernel is the one slow part (seconds, once per kernel).
 */
import { join } from "node:path";
import { CapabilityMissingError } from "../errors.ts";
import { type GuestEntry, guestFiles } from "./guest_files.ts";
import { extractVmlinux, findKernel, type GuestKernel } from "./kernel.ts";
import { writeInitramfs } from "./write_initramfs.ts";

/** A built image, ready to boot. */
export interface VmImage {
  kernel: GuestKernel;
  vmlinux: string;
  initramfs: string;
}

/** Where images are kept: ($XDG_CACHE_HOME or ~/.cache)/netbook/vm. */
export function cacheFolder(): string {
  const base = Deno.env.get("XDG_CACHE_HOME") || join(Deno.env.get("HOME") ?? "/tmp", ".cache");
  return join(base, "netbook", "vm");
}

/** An ELF program that names no loader (PT_INTERP) runs before any library exists. */
function isStatic(bytes: Uint8Array): boolean {
  if (bytes.length < 64 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[4] !== 2) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = Number(view.getBigUint64(32, true));
  const size = view.getUint16(54, true);
  for (let i = 0; i < view.getUint16(56, true); i++) {
    if (at + i * size + 4 > bytes.length) return false;
    if (view.getUint32(at + i * size, true) === 3) return false;
  }
  return true;
}

/** The first `size` bytes of a file (its ELF headers), or undefined if it cannot be read. */
async function head(path: string, size: number): Promise<Uint8Array | undefined> {
  try {
    using file = await Deno.open(path);
    const buffer = new Uint8Array(size);
    let got = 0;
    for (let n: number | null = 0; n !== null && got < size; got += n ?? 0) {
      n = await file.read(buffer.subarray(got));
    }
    return buffer.subarray(0, got);
  } catch {
    return undefined;
  }
}

/** busybox-static's program: the VM's first process runs before /usr is there. */
export async function staticBusybox(): Promise<string> {
  for (const path of ["/usr/bin/busybox", "/bin/busybox"]) {
    const bytes = await head(path, 4096);
    if (!bytes) continue;
    if (!isStatic(bytes)) {
      throw new CapabilityMissingError(
        `${path} is not a static busybox, which the micro-VM's first process needs: ` +
          "apt-get install busybox-static",
      );
    }
    return path;
  }
  throw new CapabilityMissingError("the micro-VM needs busybox: apt-get install busybox-static");
}

async function hex(data: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")
    .slice(0, 16);
}

/**
 * A host file as its package manager leaves it: an upgrade replaces it (a new inode, size and
 * time), so this names its content without reading it.
 */
export function hostFileIdentity(path: string): string {
  const info = Deno.statSync(path);
  return `${path}:${info.ino}:${info.size}:${info.mtime?.getTime()}`;
}

/** A digest of every entry (host files by their identity), and of what else is named. */
async function digest(entries: GuestEntry[], ...more: string[]): Promise<string> {
  const lines = [...more];
  for (const e of entries) {
    lines.push(JSON.stringify(e));
    if ("from" in e) lines.push(hostFileIdentity(e.from));
  }
  return await hex(new TextEncoder().encode(lines.join("\n")));
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/**
 * Writes `file` through a temporary name beside it, renamed into place once complete. Readable by
 * all (whatever the umask): qemu, run as a user of its own, opens it again through /proc.
 */
async function writeAtomically(file: string, write: (temp: string) => Promise<void>) {
  const temp = `${file}.${crypto.randomUUID().slice(0, 8)}.part`;
  try {
    await write(temp);
    await Deno.chmod(temp, 0o644);
    await Deno.rename(temp, file);
  } catch (e) {
    await Deno.remove(temp).catch(() => {});
    throw e;
  }
}

/**
 * Removes, under the build lock, what is not `keep`: parts of killed builds, kernels no longer
 * booted, the initramfs files of other netbooks (another checkout, an older version) once a day
 * old, and the image folders (and downloaded packages) of netbooks before this layout.
 */
async function sweep(dir: string, keep: string[]): Promise<void> {
  const dayAgo = Date.now() - 86_400_000;
  for await (const e of Deno.readDir(dir)) {
    if (keep.includes(e.name)) continue;
    const path = join(dir, e.name);
    const old = ((await Deno.stat(path).catch(() => undefined))?.mtime?.getTime() ?? 0) < dayAgo;
    const stale = e.isDirectory || e.name.endsWith(".part") || e.name.startsWith("vmlinux-") ||
      (e.name.startsWith("initramfs-") && old);
    if (stale) await Deno.remove(path, { recursive: true }).catch(() => {});
  }
}

/**
 * The image for this machine: from the cache, or made now (seconds: the kernel is unpacked once
 * per kernel), telling `onProgress` when that takes a while.
 */
export async function ensureImage(
  options: { onProgress?: (message: string) => void; cache?: string } = {},
): Promise<VmImage> {
  const dir = options.cache ?? cacheFolder();
  const kernel = await findKernel();
  const busybox = await staticBusybox();
  if (!(await Deno.realPath(kernel.modules)).startsWith("/usr/")) {
    throw new CapabilityMissingError(
      `the micro-VM reads the kernel's modules through this machine's /usr, and ${kernel.modules} ` +
        "is not under /usr here (a system without merged /usr: apt-get install usrmerge)",
    );
  }
  const vmlinux = join(
    dir,
    `vmlinux-${kernel.release}-${await digest([], hostFileIdentity(kernel.image))}`,
  );
  const entries = await guestFiles(kernel, busybox);
  const initramfs = join(dir, `initramfs-${await digest(entries)}.cpio`);
  await Deno.mkdir(dir, { recursive: true });
  if (await exists(vmlinux) && await exists(initramfs)) return { kernel, vmlinux, initramfs };

  // Builds take turns: holding the lock, a part file is one a killed build left.
  using lock = await Deno.open(join(dir, "build.lock"), { create: true, write: true });
  await lock.lock(true);
  await sweep(dir, [vmlinux, initramfs].map((f) => f.slice(dir.length + 1)));
  if (!await exists(vmlinux)) { // another netbook may have made it meanwhile
    options.onProgress?.(`micro-VM image: unpacking ${kernel.image} once, into ${dir}`);
    const bzImage = await Deno.readFile(kernel.image).catch((e) => {
      throw new CapabilityMissingError(
        `the micro-VM boots ${kernel.image}, which this user cannot read (${e.message})`,
      );
    });
    await writeAtomically(vmlinux, async (temp) => {
      await Deno.writeFile(temp, await extractVmlinux(kernel.image, bzImage));
    });
  }
  if (!await exists(initramfs)) {
    await writeAtomically(initramfs, (temp) => writeInitramfs(entries, temp, busybox));
  }
  return { kernel, vmlinux, initramfs };
}
