/**
 * What the micro-VM's own root holds: the initramfs's folders, files and links. Everything
 * else a lab runs comes from the host's /usr, shared read-only (see boot.sh). The guest has its
 * own identity (hostname, users, no machine-id), and takes from the host's /etc only what the
 * tools read there: the alternatives links, iproute2's tables, netbase's protocols and services,
 * the loader's cache.
 */
import { join } from "node:path";
import { AGENT_SOURCE } from "../agent_client.ts";
import { bootModules } from "./boot_modules.ts";
import { runProgram } from "../../io/run_program.ts";
import type { GuestKernel } from "./kernel.ts";

/** One entry of the guest's root; paths are relative ("etc/hosts"). */
export type GuestEntry =
  | { path: string; type: "dir"; mode: number }
  | { path: string; type: "file"; mode: number; from: string }
  | { path: string; type: "file"; mode: number; text: string }
  | { path: string; type: "symlink"; target: string };

/** Read from the host's /etc by the tools (and copied, when there). */
const HOST_ETC = [
  "alternatives",
  "iproute2",
  "protocols",
  "services",
  "ethertypes",
  "rpc",
  "ld.so.cache",
  "ld.so.conf",
  "ld.so.conf.d",
  "os-release",
  "debian_version",
];
/**
 * iptables means its nf_tables backend in the lab, as on a current host (and whatever the host's
 * own alternatives say).
 */
const NFT = ["iptables", "ip6tables", "ebtables", "arptables"].flatMap((t) =>
  ["", "-save", "-restore"].map((s) => `${t}${s}`)
);

const SELF: [string, string][] = [
  ["etc/passwd", "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/:/bin/false\n"],
  ["etc/group", "root:x:0:\nnogroup:x:65534:\n"],
  ["etc/hostname", "lab\n"],
  ["etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\tlab\n::1\tlocalhost ip6-localhost\n"],
  ["etc/resolv.conf", ""],
  ["etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\nservices: files\n"],
  // Loading these modules would otherwise make devices of their own (dummy0, ifb0, bond0).
  [
    "etc/modprobe.d/netbook.conf",
    "options dummy numdummies=0\noptions ifb numifbs=0\noptions bonding max_bonds=0\n",
  ],
];

const TCPDUMP =
  '#!/bin/sh\n# The lab has one user, root: tcpdump must not switch to a "tcpdump" user.\n' +
  'exec /usr/bin/tcpdump -Z root "$@"\n';

/**
 * A host path (file, link or folder, recursively) as guest entries at `at`: only what anyone on
 * the host may read (the image is readable by all). Synchronous: hundreds of small calls, on the
 * way to every lab's start.
 */
function copied(from: string, at: string): GuestEntry[] {
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(from);
  } catch {
    return [];
  }
  if (info.isSymlink) return [{ path: at, type: "symlink", target: Deno.readLinkSync(from) }];
  if (!((info.mode ?? 0) & 0o004)) return [];
  if (info.isFile) return [{ path: at, type: "file", mode: 0o644, from }];
  if (!info.isDirectory || !((info.mode ?? 0) & 0o001)) return [];
  const entries: GuestEntry[] = [{ path: at, type: "dir", mode: 0o755 }];
  const names = [...Deno.readDirSync(from)].map((e) => e.name).sort();
  for (const name of names) entries.push(...copied(join(from, name), `${at}/${name}`));
  return entries;
}

/**
 * What the host's perl loads to run the agent (start.pl's and agent.pl's modules), as it says
 * itself: its modules (%INC) and every file it has mapped (/proc/self/maps: its loader, its
 * libraries, the modules' compiled parts). With these in the initramfs, the agent starts before
 * the VM has the host's /usr, and before it is saved.
 */
const PERL_PROBE = 'for (@ARGV) { eval "require $_; 1" or die $@ } my $e = $!{EINTR}; ' +
  'print "inc\t$_\t$INC{$_}\n" for sort keys %INC; open(my $f, "<", "/proc/self/maps") or die; ' +
  'my %s; while (<$f>) { $s{$1} = 1 if m{\\s(/\\S+)$} } print "map\t$_\n" for sort keys %s; ' +
  'print "perl\t$^X\n"';

async function agentPerl(): Promise<GuestEntry[]> {
  const sources = (await Deno.readTextFile(new URL("./start.pl", import.meta.url))) + AGENT_SOURCE;
  const modules = [...new Set([...sources.matchAll(/^use ([A-Za-z][\w:]*)/gm)].map((m) => m[1]!))];
  const out = await runProgram("perl", {
    args: ["-e", PERL_PROBE, ...modules],
    doing: "could not ask this machine's perl what the VM's agent needs",
  });
  const entries: GuestEntry[] = [];
  const roots = new Set<string>();
  const dirs = new Set<string>();
  const file = (path: string, from: string, mode = 0o644) => {
    for (
      let d = path.slice(0, path.lastIndexOf("/"));
      d;
      d = d.slice(0, Math.max(0, d.lastIndexOf("/")))
    ) {
      dirs.add(d);
    }
    entries.push({ path, type: "file", mode, from: Deno.realPathSync(from) });
  };
  let perl = "";
  const maps: string[] = [];
  for (const line of new TextDecoder().decode(out.stdout).split("\n")) {
    const [kind, a, b] = line.split("\t");
    if (kind === "inc" && a && b) {
      file(`netbook/perl/lib/${a}`, b);
      roots.add(b.slice(0, b.length - a.length));
    } else if (kind === "map" && a) maps.push(a);
    else if (kind === "perl" && a) perl = Deno.realPathSync(a);
  }
  for (const mapped of maps) {
    const real = Deno.realPathSync(mapped);
    const root = [...roots].find((r) =>
      mapped.startsWith(r) && mapped.slice(r.length).startsWith("auto/")
    );
    if (root) file(`netbook/perl/lib/${mapped.slice(root.length)}`, mapped);
    else if (real === perl) file("netbook/perl/perl", mapped, 0o755);
    else if (/\/ld-linux[^/]*\.so/.test(mapped)) file("netbook/lib/ld.so", mapped, 0o755);
    else if (/\.so(\.|$)/.test(mapped)) {
      // By its file's name, and by the shorter names (its soname) that lead to the same file.
      const name = mapped.replace(/^.*\//, "");
      file(`netbook/lib/${name}`, mapped);
      for (let n = name; /\.\d+$/.test(n);) {
        n = n.replace(/\.\d+$/, "");
        const alias = mapped.slice(0, mapped.length - name.length) + n;
        const same = await Deno.realPath(alias).then((r) => r === real, () => false);
        if (same) entries.push({ path: `netbook/lib/${n}`, type: "symlink", target: name });
      }
    }
  }
  if (!perl || !entries.some((e) => e.path === "netbook/lib/ld.so")) {
    throw new Error("this machine's perl did not say where it and its loader are");
  }
  return [
    ...[...dirs].sort().map((path) => ({ path, type: "dir" as const, mode: 0o755 })),
    ...entries,
  ];
}

/** Everything in the guest's root, for this kernel; `hostEtc` is where the host's /etc is. */
export async function guestFiles(
  kernel: GuestKernel,
  busybox: string,
  hostEtc = "/etc",
): Promise<GuestEntry[]> {
  const read = (f: string) => Deno.readTextFile(join(kernel.modules, f)).catch(() => "");
  const modules = bootModules(await read("modules.dep"), await read("modules.builtin"));
  const own = (name: string) => new URL(`./${name}`, import.meta.url);
  const entries: GuestEntry[] = [
    ...["proc", "sys", "dev", "run", "usr", "etc", "var", "var/lib", "var/log", "netbook"]
      .map((path) => ({ path, type: "dir" as const, mode: 0o755 })),
    { path: "root", type: "dir", mode: 0o700 },
    { path: "tmp", type: "dir", mode: 0o1777 },
    { path: "var/tmp", type: "dir", mode: 0o1777 },
    ...["bin", "sbin", "lib", "lib64"].map((d) => ({
      path: d,
      type: "symlink" as const,
      target: `usr/${d}`,
    })),
    { path: "var/run", type: "symlink", target: "/run" },
    { path: "var/lock", type: "symlink", target: "/run/lock" },
    { path: "etc/mtab", type: "symlink", target: "/proc/self/mounts" },
    { path: "init", type: "file", mode: 0o755, text: await Deno.readTextFile(own("boot.sh")) },
    {
      path: "netbook/start.pl",
      type: "file",
      mode: 0o644,
      text: await Deno.readTextFile(own("start.pl")),
    },
    { path: "netbook/agent.pl", type: "file", mode: 0o644, text: AGENT_SOURCE },
    ...await agentPerl(),
    { path: "netbook/busybox", type: "file", mode: 0o755, from: busybox },
    { path: "netbook/modules", type: "dir", mode: 0o755 },
    ...modules.map((m) => ({
      path: `netbook/modules/${m.replace(/^.*\//, "")}`,
      type: "file" as const,
      mode: 0o644,
      from: join(kernel.modules, m),
    })),
    {
      path: "netbook/modules/order",
      type: "file",
      mode: 0o644,
      text: modules.map((m) => m.replace(/^.*\//, "") + "\n").join(""),
    },
    // Mounted on /usr/local: the lab's own, over the host's.
    ...["netbook/local", "netbook/local/bin", "netbook/local/sbin"]
      .map((path) => ({ path, type: "dir" as const, mode: 0o755 })),
    { path: "netbook/local/sbin/tcpdump", type: "file", mode: 0o755, text: TCPDUMP },
    { path: "etc/modprobe.d", type: "dir", mode: 0o755 },
    ...SELF.map(([path, text]) => ({ path, type: "file" as const, mode: 0o644, text })),
  ];
  for (const name of HOST_ETC) entries.push(...copied(join(hostEtc, name), `etc/${name}`));
  const others = entries.filter((e) => !NFT.some((n) => e.path === `etc/alternatives/${n}`));
  return [
    ...others,
    ...NFT.map((n) => ({
      path: `etc/alternatives/${n}`,
      type: "symlink" as const,
      target: `/usr/sbin/${n.replace(/^(\w+)/, "$1-nft")}`,
    })),
  ];
}
