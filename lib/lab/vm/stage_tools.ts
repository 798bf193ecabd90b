/**
 * Copies the lab's tools out of an unpacked Debian tree into the VM image: the programs of the
 * chosen packages (bash, iproute2, iptables, ipvsadm, bird, ping, tcpdump ...), exactly the shared
 * libraries they load (read from their ELF headers), and the data they read at run time
 * (iptables extensions, tc's tables, Perl's core modules, /etc). The image has a merged /usr:
 * /bin, /sbin and /lib are links into /usr, as on a current Debian system.
 */
import { join } from "node:path";
import { elfNeeded } from "./elf_needed.ts";
import type { ImageTree } from "./image_tree.ts";

/** The folders programs are installed in. */
export const BIN_DIRS = ["bin", "sbin", "usr/bin", "usr/sbin"];
const LIB_DIRS = ["lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu", "lib64", "usr/lib64"];
/** Read at run time, not linked: copied whole. */
const DATA_DIRS = [
  "etc",
  "usr/lib/x86_64-linux-gnu/xtables",
  "usr/lib/x86_64-linux-gnu/tc",
  "usr/lib/x86_64-linux-gnu/perl-base",
  "usr/lib/locale/C.utf8",
  "usr/libexec/coreutils", // stdbuf's preloaded library
];
/** Plugins that are loaded only if their optional libraries are there (tc's q_atm.so ...). */
const PLUGIN_DIRS = ["usr/lib/x86_64-linux-gnu/xtables/", "usr/lib/x86_64-linux-gnu/tc/"];
/** Programs that are copies of another. */
const SKIP = /^perl5\..*$/;
/**
 * The links Debian's `update-alternatives` would make when the packages are configured (they
 * are only unpacked here): iptables means the nf_tables backend, as on the host.
 */
const ALTERNATIVES: Record<string, string> = {
  "usr/bin/awk": "mawk",
  "usr/bin/which": "which.debianutils",
  "usr/bin/traceroute": "traceroute.db",
  "usr/bin/traceroute6": "traceroute6.db",
  "usr/sbin/iptables": "iptables-nft",
  "usr/sbin/iptables-save": "iptables-nft-save",
  "usr/sbin/iptables-restore": "iptables-nft-restore",
  "usr/sbin/ip6tables": "ip6tables-nft",
  "usr/sbin/ip6tables-save": "ip6tables-nft-save",
  "usr/sbin/ip6tables-restore": "ip6tables-nft-restore",
  "usr/sbin/ebtables": "ebtables-nft",
  "usr/sbin/arptables": "arptables-nft",
};

/** Where a path of the Debian tree goes in the merged-/usr image. */
export function imagePath(rel: string): string {
  const m = /^(bin|sbin|lib|lib64)(\/.*)?$/.exec(rel);
  return m ? `usr/${m[1]}${m[2] ?? ""}` : rel;
}

async function lstat(path: string): Promise<Deno.FileInfo | undefined> {
  return await Deno.lstat(path).catch(() => undefined);
}

/**
 * Copies `programs` (paths in `tree`, e.g. "sbin/ip"), the libraries they load and the data
 * they read from `tree` into `image`.
 */
export async function stageTools(
  tree: string,
  programs: string[],
  image: ImageTree,
): Promise<void> {
  for (const [link, target] of [["bin", "usr/bin"], ["sbin", "usr/sbin"], ["lib", "usr/lib"]]) {
    image.add({ path: link, type: "symlink", target });
  }
  image.add({ path: "lib64", type: "symlink", target: "usr/lib64" });
  const seen = new Set<string>();
  const libraries: { name: string; by: string }[] = [];

  /** Copies one path of the tree (a link, and what it points to; a file; a whole folder). */
  const copy = async (rel: string): Promise<void> => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const info = await lstat(join(tree, rel));
    if (!info) return;
    if (info.isSymlink) {
      const target = await Deno.readLink(join(tree, rel));
      image.add({ path: imagePath(rel), type: "symlink", target });
      const resolved = target.startsWith("/")
        ? target.slice(1)
        : join(rel, "..", target).replace(/^\.\//, "");
      await copy(resolved);
    } else if (info.isDirectory) {
      image.dir(imagePath(rel));
      for await (const e of Deno.readDir(join(tree, rel))) await copy(`${rel}/${e.name}`);
    } else if (info.isFile) {
      const from = join(tree, rel);
      image.add({ path: imagePath(rel), type: "file", mode: (info.mode ?? 0o644) & 0o7777, from });
      if ((info.mode ?? 0) & 0o111 || /\.so(\.|$)/.test(rel)) {
        const needs = elfNeeded(await Deno.readFile(from));
        if (needs?.interpreter) await copy(needs.interpreter.slice(1));
        for (const name of needs?.needed ?? []) libraries.push({ name, by: imagePath(rel) });
      }
    }
  };

  for (const program of programs) {
    if (!SKIP.test(program.replace(/^.*\//, ""))) await copy(program);
  }
  for (const dir of DATA_DIRS) await copy(dir);

  const missing: string[] = [];
  while (libraries.length) {
    const { name, by } = libraries.shift()!;
    let found: string | undefined;
    for (const dir of LIB_DIRS) {
      if (await lstat(join(tree, dir, name))) {
        found = `${dir}/${name}`;
        break;
      }
    }
    if (found) await copy(found);
    else if (PLUGIN_DIRS.some((d) => by.startsWith(d))) image.remove(by);
    else missing.push(`${name} (for /${by})`);
  }
  if (missing.length) {
    throw new Error(
      `the Debian tree lacks libraries the lab's tools load: ${[...new Set(missing)].join(", ")}`,
    );
  }
  for (const [link, target] of Object.entries(ALTERNATIVES)) {
    if (image.has(join(link, "..", target))) image.add({ path: link, type: "symlink", target });
  }
}
