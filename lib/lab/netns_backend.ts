import { AGENT_SOURCE, AgentClient } from "./agent_client.ts";
import { AgentLab } from "./agent_lab.ts";
import type { BackendSupport, Lab, LabBackend } from "./backend.ts";
import { CapabilityMissingError } from "./errors.ts";
import { type HeldNamespace, holdUserNamespace, LAB_UID } from "./user_namespace.ts";
import { cgroupWatch, LAB_LIMITS, type LabCgroup, makeLabCgroup } from "./lab_cgroup.ts";
import { keepTail, lastLines, spawnProgram } from "../io/run_program.ts";

/** A PATH that finds iproute2, iptables and friends, whoever runs netbook. */
export const LAB_PATH = "/run/lab/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin";

/**
 * What the lab keeps of the host's /etc: what its tools read (the dynamic linker's cache, the
 * alternatives that make `iptables` nftables', iproute2's tables, nginx's and BIRD's files,
 * protocol and service names, the time zone, CA certificates). Nothing that says who or where
 * the host is: no users, host name, machine id, name servers, network or package settings.
 */
export const ETC_KEPT = [
  "alternatives",
  "bird",
  "ca-certificates",
  "ca-certificates.conf",
  "debian_version",
  "ethertypes",
  "gai.conf",
  "host.conf",
  "iproute2",
  "ld.so.cache",
  "ld.so.conf",
  "ld.so.conf.d",
  "libnl-3",
  "localtime",
  "mime.types",
  "mtab",
  "networks",
  "nginx",
  "nsswitch.conf",
  "os-release",
  "protocols",
  "rpc",
  "services",
  "ssl",
  "timezone",
  "xtables",
];

/** The lab's own users: root, nobody, and those its daemons switch to (nginx, tcpdump, BIRD). */
const PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
bird:x:100:100:BIRD:/run/bird:/usr/sbin/nologin
tcpdump:x:101:101:tcpdump:/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
`;
const GROUP = `root:x:0:
daemon:x:1:
adm:x:4:
tty:x:5:
www-data:x:33:
bird:x:100:
tcpdump:x:101:
nogroup:x:65534:
`;
/** The names of the lab's users and groups. */
export const LAB_USERS: readonly string[] = [
  ...new Set(`${PASSWD}${GROUP}`.split("\n").map((l) => l.split(":", 1)[0] ?? "").filter(Boolean)),
];
const HOSTS = `127.0.0.1\tlocalhost
127.0.1.1\tlab
::1\tlocalhost ip6-localhost ip6-loopback
ff02::1\tip6-allnodes
ff02::2\tip6-allrouters
`;

/** Sizes of the lab's writable file systems, in MiB (see the README's boundary section). */
export const TMPFS_MIB = {
  "/tmp": 256,
  "/run": 64,
  "/var": 64,
  "/root": 64,
  "/etc": 16,
} satisfies Record<string, number>;

/**
 * Runs first inside the sandbox, as the lab's root: gives the lab a private, writable /etc (what
 * its tools need of the host's, and its own users, host name and machine id; tutorials write
 * /etc/netns/NAME/resolv.conf and friends) and /var, a sysfs of its own network namespace with
 * nothing of the host's beneath it, a /run/netns, then becomes the agent.
 */
const INIT = `
set -e
(cd /run/netbook/etc && tar -cf - --exclude=nginx/sites-enabled --exclude=nginx/sites-available \\
  --exclude=nginx/conf.d ${ETC_KEPT.join(" ")} 2>/dev/null) |
  (cd /etc && tar -xf - --no-same-owner 2>/dev/null) || true
umount /run/netbook/etc && rmdir /run/netbook/etc
printf '%s' '${PASSWD}' >/etc/passwd
printf '%s' '${GROUP}' >/etc/group
printf '%s' '${HOSTS}' >/etc/hosts
echo lab >/etc/hostname
od -An -tx1 -N16 /dev/urandom | tr -d ' \\n' >/etc/machine-id && echo >>/etc/machine-id
echo '# the lab has no name server' >/etc/resolv.conf
mkdir -p /etc/nginx/conf.d /etc/nginx/sites-enabled
mkdir -p /var/tmp /var/lib/nginx /var/log/nginx /var/cache /var/spool /var/www /run/lock /run/netns /run/lab/bin
ln -s /run /var/run && ln -s /run/lock /var/lock && chmod 1777 /var/tmp /tmp
# The lab's sysfs (of its network namespace) replaces the host's, which is unmounted beneath it.
# A second, read-only mount of it stays in /run/netbook/sys: the kernel lets the lab mount a sysfs
# (as \`ip netns exec\` does) only where one is already in sight.
mkdir /run/netbook/sys
mount -t sysfs -o nosuid,nodev,noexec sysfs /run/netbook/sys
umount -l /sys
mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
mount -o remount,bind,ro /run/netbook/sys
# bwrap brings lo up; the lab's host starts as any new network namespace does, with lo down.
ip link set lo down && ip addr flush dev lo
exec perl -e "$1" "$2"
`;

/**
 * Reads the agent's source (its length is the one argument) from standard input, then runs it:
 * the agent arrives by the same pipe as the commands, so it is not on every `ps` line.
 */
const BOOT = 'my $n = shift; my $s = ""; ' +
  'while (length $s < $n) { sysread(STDIN, $s, $n - length $s, length $s) or die "no agent" } ' +
  "eval $s; die $@ if $@;";
/** The agent's source, as the sandbox reads it from its standard input before anything else. */
export const AGENT_BYTES: Uint8Array = new TextEncoder().encode(AGENT_SOURCE);

/** The top-level folders of the host the lab may read: programs and their libraries. */
const SYSTEM_DIRS = ["usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32"];

function isRoot(): boolean {
  return Deno.uid() === 0;
}

/** Bind the host's programs read-only: merged-/usr links stay links, real folders are bound. */
function systemBinds(): string[] {
  const args: string[] = [];
  for (const dir of SYSTEM_DIRS) {
    let info: Deno.FileInfo;
    try {
      info = Deno.lstatSync(`/${dir}`);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) continue;
      throw e;
    }
    args.push(
      ...(info.isSymlink
        ? ["--symlink", Deno.readLinkSync(`/${dir}`), `/${dir}`]
        : ["--ro-bind", `/${dir}`, `/${dir}`]),
    );
  }
  return args;
}

/** A tmpfs of the lab, with its size. */
function sized(path: keyof typeof TMPFS_MIB): string[] {
  return ["--size", String(TMPFS_MIB[path] * 1024 * 1024), "--tmpfs", path];
}

/**
 * bubblewrap's arguments: every namespace new (user, network, mount, PID, UTS, IPC, cgroup), the
 * lab's root mapped to an unprivileged user outside, a root of its own on a tmpfs holding the
 * host's programs read-only and private, writable /etc, /var, /run, /tmp and /root; nothing else of
 * the host's files. bwrap dies with netbook (and the lab with it). `binds` are the host's
 * programs (systemBinds(); another machine's, for a lab there).
 */
export function bwrapArgs(userns: boolean, binds: string[] = systemBinds()): string[] {
  return [
    ...(userns
      ? ["--userns", "3", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts"]
      : ["--unshare-user", "--unshare-all"]),
    "--unshare-cgroup-try",
    "--die-with-parent",
    "--new-session",
    "--uid",
    "0",
    "--gid",
    "0",
    "--cap-add",
    "ALL",
    "--hostname",
    "lab",
    ...binds,
    ...sized("/run"),
    "--ro-bind",
    "/etc",
    "/run/netbook/etc",
    ...sized("/etc"),
    ...sized("/var"),
    ...sized("/tmp"),
    ...sized("/root"),
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--ro-bind",
    "/sys",
    "/sys",
    // The sandbox's own root holds only mount points: nothing is written there.
    "--remount-ro",
    "/",
    "--chdir",
    "/root",
    "--clearenv",
    "--setenv",
    "PATH",
    LAB_PATH,
    "--setenv",
    "HOME",
    "/root",
    "--setenv",
    "LANG",
    "C.UTF-8",
    "--setenv",
    "TERM",
    "dumb",
    // For the agent (which takes it out of the environment): each command's rlimits.
    "--setenv",
    "NETBOOK_ULIMIT",
    `-u ${LAB_LIMITS.processes} -v ${LAB_LIMITS.processMiB * 1024}`,
    "bash",
    "-c",
    INIT,
    "netbook-lab",
    BOOT,
    String(AGENT_BYTES.length),
  ];
}

/** How the sandbox's user namespace is made. */
type Ids =
  /** As root: a namespace of 65536 unprivileged ids, made and mapped beforehand. */
  | { kind: "range"; held: HeldNamespace }
  /** As root, where that fails: bwrap run as the unprivileged LAB_UID, its one id mapped. */
  | { kind: "single" }
  /** Rootless: bwrap run as the user, whose id becomes the lab's root. */
  | { kind: "user" };

/** setpriv's arguments that make bwrap run as the lab's unprivileged id, as root. */
export const SETPRIV = [`--reuid=${LAB_UID}`, `--regid=${LAB_UID}`, "--clear-groups", "--"];

/** The program that starts the sandbox, and its arguments. */
function command(ids: Ids): { program: string; args: string[] } {
  switch (ids.kind) {
    case "range":
      // The namespace is opened as fd 3 (bwrap --userns 3), then bwrap runs as its owner.
      return {
        program: "bash",
        args: [
          "-c",
          'exec 3</proc/"$1"/ns/user && shift && exec setpriv "$@"',
          "netbook",
          String(ids.held.pid),
          ...SETPRIV,
          "bwrap",
          ...bwrapArgs(true),
        ],
      };
    case "single":
      return { program: "setpriv", args: [...SETPRIV, "bwrap", ...bwrapArgs(false)] };
    case "user":
      return { program: "bwrap", args: bwrapArgs(false) };
  }
}

/** The holder's command line, made to join the lab's control group before it starts. */
function joining(cgroup: LabCgroup | undefined, c: { program: string; args: string[] }) {
  if (!cgroup) return c;
  const n = cgroup.procs.length;
  return {
    program: "bash",
    args: [
      "-c",
      `for f in "\${@:1:${n}}"; do echo $$ >"$f" || exit 1; done; shift ${n}; exec "$@"`,
      "netbook",
      ...cgroup.procs,
      c.program,
      ...c.args,
    ],
  };
}

async function launch(ids: Ids): Promise<Lab> {
  const cgroup = await makeLabCgroup(LAB_LIMITS).catch(() => undefined);
  try {
    return await launchIn(ids, cgroup);
  } catch (e) {
    await cgroup?.remove();
    throw e;
  }
}

async function launchIn(ids: Ids, cgroup: LabCgroup | undefined): Promise<Lab> {
  const { program, args } = joining(cgroup, command(ids));
  let child: Deno.ChildProcess;
  try {
    child = spawnProgram(program, { args });
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new CapabilityMissingError(
        "bubblewrap builds the lab's sandbox and is not installed: apt-get install bubblewrap",
      );
    }
    throw e;
  }
  const stderr = keepTail(child.stderr).ended;
  const stdin = child.stdin.getWriter();
  await stdin.write(AGENT_BYTES).catch(() => {});
  stdin.releaseLock();
  const agent = new AgentClient(child.stdin, child.stdout);
  try {
    await agent.ready;
  } catch {
    await child.status;
    const why = lastLines(await stderr, 3).replaceAll("\n", "; ");
    throw new CapabilityMissingError(`the lab's sandbox did not start (${why || "no message"})`);
  }
  return new AgentLab(child, agent, { kind: "netns", rootless: !isRoot() }, {
    holder: "its sandbox",
    ...(cgroup ? { limits: cgroupWatch(cgroup) } : {}),
  });
}

/**
 * The default lab: a bubblewrap sandbox with private namespaces of every kind, where commands
 * run as the sandbox's root. Works as root and rootless.
 */
export const netnsBackend: LabBackend = {
  kind: "netns",
  description: "a bubblewrap sandbox: private namespaces of every kind, on this machine's kernel",
  needs: [
    { program: "bwrap", package: "bubblewrap", why: "builds the lab's sandbox" },
    { program: "setpriv", package: "util-linux", why: "runs the sandbox as no one, as root" },
    { program: "perl", package: "perl-base", why: "the lab's agent" },
    { program: "bash", package: "bash", why: "runs each command line" },
    { program: "ip", package: "iproute2", why: "namespaces, links, addresses, routes" },
  ],

  async support(): Promise<BackendSupport> {
    try {
      const lab = await this.start();
      const info = lab.info;
      await lab.close();
      return { ok: true, info };
    } catch (e) {
      if (e instanceof CapabilityMissingError) return { ok: false, reason: e.message };
      if (e instanceof Deno.errors.NotCapable) {
        return { ok: false, reason: "this process may not start programs" };
      }
      throw e;
    }
  },

  supplies(): boolean {
    return true;
  },

  async start(): Promise<Lab> {
    if (!isRoot()) return await launch({ kind: "user" });
    const held = await holdUserNamespace();
    if (held) {
      try {
        return await launch({ kind: "range", held });
      } catch {
        // Fall back to a namespace bwrap maps itself, below.
      } finally {
        await held.release();
      }
    }
    return await launch({ kind: "single" });
  },
};
