/**
 * The micro-VM's image, built once and cached in the user's cache folder
 * ($XDG_CACHE_HOME or ~/.cache)/netbook/vm/<key>, where the key comes from the versions of the
 * host packages it is made from (kernel, busybox-static, debootstrap), the Debian packages it
 * asks for, and the sources that build it. A build happens in a hidden folder beside it and is
 * renamed into place when complete, under a lock: a killed build leaves no half image, and the
 * next build removes what it left.
 */
import { join } from "node:path";
import { AGENT_SOURCE } from "../agent_client.ts";
import { CapabilityMissingError } from "../errors.ts";
import { BUILD_PATH, buildImage, type ImageManifest, type ImageRecipe } from "./build_image.ts";
import { elfNeeded } from "./elf_needed.ts";
import { findKernel } from "./kernel.ts";

/** The tools of the lab, beyond Debian's minbase (which has bash, coreutils, util-linux ...). */
export const VM_PACKAGES = [
  "iproute2",
  "iptables",
  "ipvsadm",
  "ipset",
  "bird2",
  "iputils-ping",
  "traceroute",
  "tcpdump",
  "conntrack",
  "socat",
  "curl",
  "ethtool",
  "net-tools",
  "procps",
  "kmod",
  "netbase",
  "perl-base",
];

/** Packages of Debian's minbase whose programs a lab uses (a shell and the usual utilities). */
const BASE_PROGRAMS = [
  "bash",
  "dash",
  "coreutils",
  "util-linux",
  "mount",
  "grep",
  "sed",
  "findutils",
  "mawk",
  "gzip",
  "tar",
  "hostname",
  "diffutils",
  "debianutils",
  "libc-bin",
];

/** The files that decide what an image holds: a change to any of them means a new image. */
const SOURCES = [
  "build_image.ts",
  "stage_tools.ts",
  "stage_modules.ts",
  "kernel.ts",
  "cpio.ts",
  "image_tree.ts",
  "elf_needed.ts",
];

/** A built image, ready to boot. */
export interface VmImage {
  key: string;
  vmlinux: string;
  initramfs: string;
  manifest: ImageManifest;
}

/** Where images are kept: ($XDG_CACHE_HOME or ~/.cache)/netbook/vm. */
export function cacheFolder(): string {
  const base = Deno.env.get("XDG_CACHE_HOME") || join(Deno.env.get("HOME") ?? "/tmp", ".cache");
  return join(base, "netbook", "vm");
}

/** busybox-static's program (a static busybox: the VM's first process runs before any library). */
async function staticBusybox(): Promise<string> {
  for (const path of ["/bin/busybox", "/usr/bin/busybox"]) {
    const bytes = await Deno.readFile(path).catch(() => undefined);
    if (!bytes) continue;
    if (elfNeeded(bytes)?.needed.length) {
      throw new CapabilityMissingError(
        `${path} is not a static busybox, which the micro-VM's first process needs: ` +
          "apt-get install busybox-static",
      );
    }
    return path;
  }
  throw new CapabilityMissingError("the micro-VM needs busybox: apt-get install busybox-static");
}

/** What the image would be built from on this machine. */
export async function imageRecipe(): Promise<ImageRecipe> {
  return {
    kernel: await findKernel(),
    suite: Deno.env.get("NETBOOK_VM_SUITE") || "bookworm",
    mirror: Deno.env.get("NETBOOK_VM_MIRROR") || "http://deb.debian.org/debian",
    packages: VM_PACKAGES,
    programsOf: [...BASE_PROGRAMS, ...VM_PACKAGES],
    busybox: await staticBusybox(),
    agent: AGENT_SOURCE,
    init: await Deno.readTextFile(new URL("./init.sh", import.meta.url)),
  };
}

/** The installed version of each host package (or the file's size and date without dpkg). */
async function hostVersions(r: ImageRecipe): Promise<string[]> {
  const packages = [`linux-image-${r.kernel.release}`, "busybox-static", "debootstrap"];
  const out = await new Deno.Command("dpkg-query", {
    args: ["-W", "-f", "${Package}=${Version}\n", ...packages],
    stdout: "piped",
    stderr: "null",
    env: { PATH: BUILD_PATH },
  }).output().catch(() => undefined);
  const listed = out ? new TextDecoder().decode(out.stdout).split("\n").filter(Boolean) : [];
  for (const file of [r.kernel.image, r.busybox]) {
    const info = await Deno.stat(file);
    listed.push(`${file}:${info.size}:${info.mtime?.getTime()}`);
  }
  return listed;
}

/** The cache key: the kernel release, then a digest of everything the image is made from. */
export async function imageKey(r: ImageRecipe): Promise<string> {
  const sources = await Promise.all(
    SOURCES.map((f) => Deno.readTextFile(new URL(`./${f}`, import.meta.url))),
  );
  const input = JSON.stringify({
    host: await hostVersions(r),
    suite: r.suite,
    mirror: r.mirror,
    packages: r.packages,
    programsOf: r.programsOf,
    agent: r.agent,
    init: r.init,
    sources,
  });
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(input));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${r.kernel.release}-${hex.slice(0, 16)}`;
}

async function readImage(dir: string, key: string): Promise<VmImage | undefined> {
  const text = await Deno.readTextFile(join(dir, key, "manifest.json")).catch(() => undefined);
  if (text === undefined) return undefined;
  return {
    key,
    vmlinux: join(dir, key, "vmlinux"),
    initramfs: join(dir, key, "initramfs.cpio.zst"),
    manifest: JSON.parse(text),
  };
}

/**
 * The image for this machine: from the cache, or built now (about a minute, with network access
 * to the Debian mirror), telling `onProgress` what it is doing.
 */
export async function ensureImage(
  options: { onProgress?: (message: string) => void; cache?: string } = {},
): Promise<VmImage> {
  const dir = options.cache ?? cacheFolder();
  const recipe = await imageRecipe();
  const key = await imageKey(recipe);
  const cached = await readImage(dir, key);
  if (cached) return cached;

  await Deno.mkdir(dir, { recursive: true });
  using lock = await Deno.open(join(dir, "build.lock"), { create: true, write: true });
  await lock.lock(true);
  const built = await readImage(dir, key); // another netbook may have built it meanwhile
  if (built) return built;
  // Holding the lock, any build folder is one a killed build left behind; older images go too
  // (the downloaded packages stay, for the next build).
  for await (const e of Deno.readDir(dir)) {
    if (e.isDirectory && e.name !== key && e.name !== "debs") {
      await Deno.remove(join(dir, e.name), { recursive: true });
    }
  }
  const progress = (m: string) => options.onProgress?.(`micro-VM image: ${m}`);
  progress("building it once (about a minute; it is cached in " + dir + ")");
  const work = await Deno.makeTempDir({ dir, prefix: ".build-" });
  try {
    const manifest = await buildImage(work, recipe, join(dir, "debs"), progress);
    await Deno.writeTextFile(join(work, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    await Deno.rename(work, join(dir, key));
    progress(
      `built in ${manifest.seconds} s: ${manifest.files} files, ${manifest.modules} modules, ` +
        `${(manifest.initramfs / 1e6).toFixed(1)} MB compressed`,
    );
  } catch (e) {
    await Deno.remove(work, { recursive: true }).catch(() => {});
    throw e;
  }
  return (await readImage(dir, key))!;
}
