/**
 * Builds the micro-VM's image in an empty folder: the kernel unpacked for a PVH boot
 * (`vmlinux`), and a zstd-compressed initramfs (`initramfs.cpio.zst`) holding busybox (for the
 * first process only), the lab's agent, and the real tools with their libraries, taken from the
 * Debian packages that `debootstrap --variant=minbase --download-only` resolves and fetches.
 * Packages are only unpacked, never configured, so building needs no root.
 */
import { basename, join } from "node:path";
import { writeCpio } from "./cpio.ts";
import { ImageTree } from "./image_tree.ts";
import { extractVmlinux, type GuestKernel } from "./kernel.ts";
import { stageModules } from "./stage_modules.ts";
import { BIN_DIRS, stageTools } from "./stage_tools.ts";

/** What goes into an image; the cache key is computed from all of it. */
export interface ImageRecipe {
  kernel: GuestKernel;
  /** Debian suite and mirror that debootstrap fetches the tools from. */
  suite: string;
  mirror: string;
  /** Debian packages beyond minbase. */
  packages: string[];
  /** The packages whose programs the image carries (some of minbase's, and `packages`). */
  programsOf: string[];
  /** busybox-static's program, for the VM's first process. */
  busybox: string;
  agent: string;
  init: string;
}

/** What was built, kept beside the image as manifest.json. */
export interface ImageManifest {
  kernel: string;
  suite: string;
  /** Every Debian package in the image's tree, with its version. */
  packages: Record<string, string>;
  modules: number;
  files: number;
  /** Bytes of the compressed initramfs. */
  initramfs: number;
  seconds: number;
}

/** Where programs are, for whoever builds (debootstrap and depmod live in sbin). */
export const BUILD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

async function run(program: string, args: string[], what: string): Promise<void> {
  const out = await new Deno.Command(program, {
    args,
    stdout: "null",
    stderr: "piped",
    env: { PATH: BUILD_PATH },
  }).output();
  if (!out.success) {
    const why = new TextDecoder().decode(out.stderr).trim().split("\n").slice(-5).join("\n  ");
    throw new Error(`${what} failed (${program} exited ${out.code}):\n  ${why}`);
  }
}

/**
 * debootstrap's resolve-and-download phases, reporting progress every few packages. It dies
 * with netbook (setpriv --pdeathsig): a killed build does not go on downloading.
 */
async function download(
  r: ImageRecipe,
  tree: string,
  debs: string,
  progress: (m: string) => void,
) {
  const child = new Deno.Command("setpriv", {
    args: [
      "--pdeathsig",
      "KILL",
      "--",
      "debootstrap",
      "--variant=minbase",
      "--download-only",
      `--cache-dir=${debs}`,
      `--include=${r.packages.join(",")}`,
      r.suite,
      tree,
      r.mirror,
    ],
    stdout: "piped",
    stderr: "piped",
    env: { PATH: BUILD_PATH },
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const log: string[] = [];
  let fetched = 0;
  for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
    for (const line of chunk.split("\n").filter(Boolean)) {
      log.push(line);
      if (/^I: Retrieving /.test(line) && ++fetched % 20 === 0) {
        progress(`downloading Debian packages (${fetched} so far)`);
      }
    }
  }
  const status = await child.status;
  if (!status.success) {
    const why = [...log, ...(await stderr).split("\n")].filter(Boolean).slice(-5).join("\n  ");
    throw new Error(
      `debootstrap could not fetch the VM's packages from ${r.mirror} (exit ${status.code}):\n  ${why}`,
    );
  }
}

/** Unpacks each .deb (two at a time), as dpkg would before configuring it. */
async function unpack(debs: string[], root: string): Promise<void> {
  const queue = [...debs];
  const worker = async () => {
    for (let deb = queue.shift(); deb; deb = queue.shift()) {
      await run("dpkg-deb", ["-x", deb, root], `unpacking ${basename(deb)}`);
    }
  };
  await Promise.all([worker(), worker()]);
}

/** The programs a package installs (paths in its tree, e.g. "sbin/ip"), from its file list. */
async function programsIn(deb: string): Promise<string[]> {
  const out = await new Deno.Command("dpkg-deb", {
    args: ["--contents", deb],
    stdout: "piped",
    stderr: "piped",
    env: { PATH: BUILD_PATH },
  }).output();
  if (!out.success) throw new Error(`dpkg-deb --contents ${basename(deb)} failed`);
  const programs: string[] = [];
  for (const line of new TextDecoder().decode(out.stdout).split("\n")) {
    const m = / \.\/((?:usr\/)?s?bin\/[^/ ]+)(?: -> .*)?$/.exec(line);
    if (m && !line.startsWith("d") && BIN_DIRS.some((d) => m[1].startsWith(`${d}/`))) {
      programs.push(m[1]);
    }
  }
  return programs;
}

/** The image's own files: who exists, its name, and a tcpdump that stays root. */
function systemFiles(image: ImageTree, r: ImageRecipe): void {
  const text = (path: string, body: string, mode = 0o644) =>
    image.replace({ path, type: "file", mode, data: new TextEncoder().encode(body) });
  text("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/:/bin/false\n");
  text("etc/group", "root:x:0:\nnogroup:x:65534:\n");
  text("etc/hostname", "lab\n");
  text("etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\tlab\n::1\tlocalhost ip6-localhost\n");
  text("etc/resolv.conf", "");
  text("etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\nservices: files\n");
  text(
    "usr/local/sbin/tcpdump",
    '#!/bin/sh\n# The lab has one user, root: tcpdump must not switch to a "tcpdump" user.\n' +
      'exec /usr/bin/tcpdump -Z root "$@"\n',
    0o755,
  );
  // Loading these modules would otherwise make devices of its own in the lab (dummy0, ifb0 ...).
  text(
    "etc/modprobe.d/netbook.conf",
    "options dummy numdummies=0\noptions ifb numifbs=0\n" +
      "options bonding max_bonds=0\n",
  );
  text("usr/lib/netbook/agent.pl", r.agent);
  text("init", r.init, 0o755);
  image.add({ path: "usr/lib/netbook/busybox", type: "file", mode: 0o755, from: r.busybox });
  image.replace({ path: "etc/mtab", type: "symlink", target: "/proc/self/mounts" });
  image.replace({ path: "var/run", type: "symlink", target: "/run" });
  image.replace({ path: "var/lock", type: "symlink", target: "/run/lock" });
  for (const dir of ["proc", "sys", "dev", "run", "usr/local/bin", "var/lib", "var/log"]) {
    image.dir(dir);
  }
  image.dir("root", 0o700);
  image.replace({ path: "tmp", type: "dir", mode: 0o1777 });
  image.replace({ path: "var/tmp", type: "dir", mode: 0o1777 });
  image.add({ path: "dev/console", type: "char", mode: 0o600, major: 5, minor: 1 });
}

/** Adds every file under `dir` at `at` in the image. */
async function addFolder(image: ImageTree, dir: string, at: string): Promise<void> {
  for await (const e of Deno.readDir(dir)) {
    const from = join(dir, e.name);
    if (e.isDirectory) await addFolder(image, from, `${at}/${e.name}`);
    else image.add({ path: `${at}/${e.name}`, type: "file", mode: 0o644, from });
  }
}

/**
 * Builds the image into `dir` (empty, and on the same file system as the cache), keeping the
 * downloaded packages in `debCache` for the next build (only those this build used).
 */
export async function buildImage(
  dir: string,
  r: ImageRecipe,
  debCache: string,
  progress: (message: string) => void,
): Promise<ImageManifest> {
  const started = performance.now();
  const tree = join(dir, "tree");
  const root = join(dir, "root");
  progress(`downloading Debian ${r.suite} packages with debootstrap`);
  await Deno.mkdir(debCache, { recursive: true });
  await download(r, tree, debCache, progress);
  const archives = join(tree, "var/cache/apt/archives");
  const debs: string[] = [];
  for await (const e of Deno.readDir(archives)) {
    if (e.name.endsWith(".deb")) debs.push(join(archives, e.name));
  }
  progress(`unpacking ${debs.length} packages`);
  await Deno.mkdir(root);
  await unpack(debs.sort(), root);

  progress("collecting the tools, their libraries and the kernel's network modules");
  const image = new ImageTree();
  const programs: string[] = [];
  for (const name of r.programsOf) {
    const deb = debs.find((d) => basename(d).startsWith(`${name}_`));
    if (!deb) throw new Error(`debootstrap did not fetch ${name}, whose programs the VM needs`);
    programs.push(...await programsIn(deb));
  }
  await stageTools(root, programs, image);
  const modules = await stageModules(r.kernel, join(dir, "modules"));
  await addFolder(image, join(dir, "modules/lib/modules"), "usr/lib/modules");
  systemFiles(image, r);

  progress(`compressing the image (${image.size} files)`);
  const initramfs = join(dir, "initramfs.cpio.zst");
  const zstd = new Deno.Command("zstd", {
    args: ["-q", "-T0", "-15", "-o", initramfs],
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
    env: { PATH: BUILD_PATH },
  }).spawn();
  const zstdErr = new Response(zstd.stderr).text();
  const writer = zstd.stdin.getWriter();
  await writeCpio(image, (chunk) => writer.write(chunk));
  await writer.close();
  if (!(await zstd.status).success) throw new Error(`zstd failed: ${(await zstdErr).trim()}`);
  progress("unpacking the kernel for a direct (PVH) boot");
  await Deno.writeFile(join(dir, "vmlinux"), await extractVmlinux(r.kernel.image));

  const packages = Object.fromEntries(debs.map((d) => {
    const [name, version] = basename(d).split("_");
    return [name, decodeURIComponent(version.replace(/%3a/gi, ":"))];
  }));
  for (const temp of [tree, root, join(dir, "modules")]) {
    await Deno.remove(temp, { recursive: true });
  }
  const used = new Set(debs.map((d) => basename(d)));
  for await (const e of Deno.readDir(debCache)) {
    if (!used.has(e.name)) await Deno.remove(join(debCache, e.name), { recursive: true });
  }
  return {
    kernel: r.kernel.release,
    suite: r.suite,
    packages,
    modules,
    files: image.size,
    initramfs: (await Deno.stat(initramfs)).size,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
