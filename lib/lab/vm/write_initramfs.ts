/**
 * Writes the guest's root (guest_files.ts) as an initramfs: the entries are laid out in a
 * scratch folder, and busybox's cpio (busybox-static is what the VM boots with anyway) archives
 * them in the "newc" format the kernel unpacks, every file owned by root. Uncompressed: it is a
 * few megabytes, and the kernel unpacks it faster than it would decompress it under emulation.
 */
import { dirname, join } from "node:path";
import type { GuestEntry } from "./guest_files.ts";
import { runProgram } from "../../io/run_program.ts";

async function stage(root: string, entries: GuestEntry[]): Promise<void> {
  for (const e of entries) {
    const to = join(root, e.path);
    await Deno.mkdir(dirname(to), { recursive: true });
    if (e.type === "dir") {
      await Deno.mkdir(to, { recursive: true });
      await Deno.chmod(to, e.mode);
    } else if (e.type === "symlink") {
      await Deno.remove(to).catch(() => {});
      await Deno.symlink(e.target, to);
    } else {
      if ("from" in e) await Deno.copyFile(e.from, to);
      else await Deno.writeTextFile(to, e.text);
      await Deno.chmod(to, e.mode);
    }
  }
}

/** Every path under `root`, relative, each folder before what it holds. */
async function walk(root: string, at = ""): Promise<string[]> {
  const paths: string[] = [];
  const names = [];
  for await (const e of Deno.readDir(join(root, at))) names.push(e);
  for (const e of names.sort((a, b) => a.name < b.name ? -1 : 1)) {
    const path = at ? `${at}/${e.name}` : e.name;
    paths.push(path);
    if (e.isDirectory) paths.push(...await walk(root, path));
  }
  return paths;
}

/** Writes `entries` as a newc cpio archive to `file`. */
export async function writeInitramfs(
  entries: GuestEntry[],
  file: string,
  busybox: string,
): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "netbook-vm-root-" });
  try {
    await stage(root, entries);
    const list = (await walk(root)).join("\n") + "\n";
    await runProgram(busybox, {
      args: ["cpio", "-o", "-H", "newc", "-R", "0:0", "-F", file],
      cwd: root,
      stdin: list,
      name: "busybox cpio",
      doing: "could not write the VM's initramfs",
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}
