/**
 * What a hostile notebook tries from inside the lab, as an attacker would: write the host's
 * files, unmount the sandbox's private mounts to see the host's, join the host's namespaces,
 * change the host's name or clock, reach the network or the kernel, take the channel between the
 * lab's agent and the runner to forge a result, read what identifies the host. Each attempt says
 * what the lab must see instead; the tests also check that the host stayed byte-identical.
 */
import { ETC_KEPT, LAB_USERS, TMPFS_MIB } from "../../lib/lab/netns_backend.ts";
import { LAB_LIMITS } from "../../lib/lab/lab_cgroup.ts";

const MiB = 1024 * 1024;

export interface Attempt {
  name: string;
  /** A command line, as a cell would run it in the lab. */
  command: string;
  /** What running it in the lab must show (it failed, or it changed only the lab). */
  contained: (r: { stdout: string; stderr: string; code: number }) => boolean;
  /** The kinds of lab it is tried in (default: the netns lab only). */
  labs?: ("netns" | "vm")[];
  /** Tried only where netbook runs as root (where the kernel holds the lab to its limits). */
  asRoot?: boolean;
}

/** The size of the lab's tmpfs at `path`, in MiB. */
function tmpfsMiB(path: string): number {
  const size = new Map<string, number>(Object.entries(TMPFS_MIB)).get(path);
  if (size === undefined) throw new Error(`the lab has no tmpfs at ${path}`);
  return size;
}

const failed = (r: { code: number }) => r.code !== 0;
const says = (text: string) => (r: { stdout: string }) => r.stdout.trim() === text;

/** A shell word for `text`, whatever it holds. */
function quoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * Takes every file descriptor it can from every process it can see (pidfd_open, pidfd_getfd:
 * what a lab command did to the agent's end of the channel), writes frames on each that would
 * end commands 1 to 50 with exit 0 and invented output, then exits 7. (What it can see are the
 * lab's commands: itself, the shell running it, the commands' init. Their descriptors are its own
 * output, /dev/null and such: what it writes there is at most output.)
 */
const FORGE = String.raw`
my ($pidfd_open, $pidfd_getfd, $taken) = (434, 438, 0);
opendir(my $d, "/proc") or die "no /proc: $!";
for my $pid (grep { /^\d+$/ && $_ != $$ } readdir $d) {
  my $pidfd = syscall($pidfd_open, $pid + 0, 0);
  next if $pidfd < 0;
  for my $target (0 .. 9) {
    my $fd = syscall($pidfd_getfd, $pidfd, $target, 0);
    next if $fd < 0;
    open(my $fh, ">&=", $fd) or next;
    syswrite($fh, "$_ 1 7\nFORGED\n$_ x 0 0 " . ("0" x 32) . "\n") for 1 .. 50;
    $taken++;
  }
}
print STDERR "took $taken descriptors\n";
exit 7;
`;

/**
 * In the VM: takes the virtio port the agent holds, by unbinding its driver and binding it again,
 * then speaks in the agent's place, ending its own command with exit 0.
 */
export const REBIND = String.raw`
my $sys = "/sys";
if (!-d "$sys/bus") { $sys = "/tmp/rebind-sys"; mkdir $sys; system("mount", "-t", "sysfs", "sysfs", $sys); }
my $d = "$sys/bus/virtio/drivers/virtio_console";
opendir(my $dh, $d) or die "$d: $!";
my ($dev) = grep { /^virtio\d+$/ } readdir $dh;
for my $what ("unbind", "bind") {
  open(my $f, ">", "$d/$what") or die "$what: $!";
  syswrite($f, $dev) or die "$what: $!";
}
for my $i (1 .. 5000) {
  for my $port (glob "/dev/vport*") {
    next unless open(my $fh, "+<", $port);
    syswrite($fh, "$_ 1 7\nFORGED\n$_ x 0 0 " . ("0" x 32) . "\n") for 1 .. 20;
    exit 7;
  }
  select(undef, undef, undef, 0.001);
}
exit 7;
`;

/** The host's values a lab must not read: its name, machine id, MAC addresses, users, paths. */
export function hostValues() {
  const read = (path: string) => {
    try {
      return Deno.readTextFileSync(path);
    } catch {
      return "";
    }
  };
  const names = (text: string) => text.split("\n").map((l) => l.replace(/:.*/, "")).filter(Boolean);
  const macs = [...Deno.readDirSync("/sys/class/net")]
    .map((e) => read(`/sys/class/net/${e.name}/address`).trim())
    .filter((m) => m && m !== "00:00:00:00:00:00");
  // Users and groups a Debian system has from the start (base-passwd), and those the lab makes
  // its own, say nothing of this host.
  const base = new Set([
    ...names(read("/usr/share/base-passwd/passwd.master")),
    ...names(read("/usr/share/base-passwd/group.master")),
  ]);
  return {
    hostname: Deno.hostname(),
    machineId: read("/etc/machine-id").trim(),
    macs,
    users: [...new Set([...names(read("/etc/passwd")), ...names(read("/etc/group"))])]
      .filter((u) => !base.has(u) && !LAB_USERS.includes(u)),
    nameservers: [...read("/etc/resolv.conf").matchAll(/^nameserver\s+(\S+)/gm)].map((m) => m[1]),
    paths: [Deno.cwd(), new URL("../../", import.meta.url).pathname.replace(/\/$/, "")],
  };
}

/** Whether text holds any of the host's values; which, for a message. */
export function hostValuesIn(text: string): string[] {
  const host = hostValues();
  const found: string[] = [];
  if (new RegExp(`\\b${host.hostname}\\b`).test(text) && host.hostname !== "lab") {
    found.push(`the host name ${host.hostname}`);
  }
  if (host.machineId && text.includes(host.machineId)) found.push("the host's machine id");
  for (const mac of host.macs) if (text.includes(mac)) found.push(`the MAC ${mac}`);
  for (const user of host.users) {
    if (new RegExp(`(^|\\n)${user}:`).test(text)) found.push(`the user ${user}`);
  }
  for (const ns of host.nameservers) {
    if (text.includes(`nameserver ${ns}`)) found.push(`the name server ${ns}`);
  }
  for (const path of host.paths) if (text.includes(path)) found.push(`the path ${path}`);
  if (text.includes("netbook-run-")) found.push("the run's folder");
  return found;
}

/** Commands that read what identifies a machine; run in a lab, they must show none of the host. */
export const READS = [
  "hostname; cat /etc/hostname",
  "cat /etc/machine-id",
  "cat /etc/passwd /etc/group",
  "cat /etc/hosts /etc/resolv.conf",
  "env; pwd; echo OLDPWD=$OLDPWD",
  "cat /sys/class/net/*/address",
  "umount -l /sys; cat /sys/class/net/*/address; mkdir -p /tmp/s && " +
  "mount -t sysfs sysfs /tmp/s; cat /tmp/s/class/net/*/address",
  "cat /proc/self/mountinfo",
] as const;

export const ATTEMPTS: Attempt[] = [
  // The channel between the lab's agent and the runner: the agent is out of the commands' sight.
  {
    name: "take the agent's end of the channel with pidfd_getfd and forge a result",
    command: `perl -e ${quoted(FORGE)}`,
    // Its exit code, as the kernel says it: what it wrote anywhere is at most its own output.
    contained: (r) => r.code === 7,
    labs: ["netns", "vm"],
  },
  {
    // A process in sight holding the agent's PID namespace would let a command's children be
    // born beside the agent (setns), where they could reach it.
    name: "find a PID namespace in sight other than the commands' own",
    command: "ls -l /proc/*/fd/ /proc/*/ns/ 2>/dev/null | grep -o 'pid:\\[[0-9]*\\]' | " +
      "sort -u | wc -l",
    contained: says("1"),
    labs: ["netns", "vm"],
  },
  {
    name: "see the agent among the lab's processes",
    // Its command line (perl -e with its source, or the VM's /netbook/agent.pl); the patterns
    // do not match grep's own, nor the lab shell's relay (a perl of the lab's).
    command: "ps -wweo args= | grep -c -e '[l]ab agent' -e 'agent[.]pl'",
    contained: says("0"),
    labs: ["netns", "vm"],
  },
  {
    name: "open the agent's port to the runner",
    command: "for p in /dev/vport* /dev/virtio-ports/*; do [ -e $p ] && echo 1 x 0 0 > $p && " +
      "echo opened $p; done; true",
    contained: (r) => !/opened/.test(r.stdout),
    labs: ["vm"],
  },
  // Files: the lab's /root, /etc, /var, /tmp are its own; /usr is read-only.
  // What the lab can read of the host: nothing that says which machine it is.
  {
    name: "read the host's name, machine id, users, name servers and paths",
    command: READS.filter((_, i) => i !== 6).join("; "),
    contained: (r) => hostValuesIn(r.stdout).length === 0,
    labs: ["netns", "vm"],
  },
  {
    name: "the host's /etc beyond what the lab's tools need",
    command: "ls /etc",
    contained: (r) =>
      r.stdout.trim().split("\n").every((f) =>
        ETC_KEPT.includes(f) ||
        ["passwd", "group", "hosts", "hostname", "machine-id", "resolv.conf", "netns"].includes(f)
      ),
  },
  {
    name: "umount /sys to see the host's",
    command: "umount -l /sys; ls -A /sys | wc -l",
    contained: says("0"),
  },
  {
    name: "read the host's MAC addresses through a sysfs of one's own",
    command: READS[6],
    contained: (r) => hostValuesIn(r.stdout).length === 0,
    labs: ["netns", "vm"],
  },
  // The host's memory and processes: the lab has limits a learner never meets.
  {
    name: "fill /tmp until the host runs short of memory",
    command: "head -c 1G /dev/zero >/tmp/fill; stat -c %s /tmp/fill; rm /tmp/fill",
    contained: (r) =>
      Number(r.stdout) <= tmpfsMiB("/tmp") * MiB && /No space left on device/.test(r.stderr),
  },
  {
    name: "take gigabytes of memory in one process",
    command: `perl -e '$x = "x" x (2 * 1024 ** 3); print "took it\\n"'`,
    // Each process of the lab has at most LAB_LIMITS.processMiB of address space.
    contained: (r) => r.code !== 0 && /Out of memory/.test(r.stderr) && !/took it/.test(r.stdout),
  },

  {
    name: "write /root",
    command: "touch /root/netbook-escape && echo made",
    contained: says("made"),
  },
  {
    name: "write /etc, as tutorials do for ip netns exec",
    command:
      "mkdir -p /etc/netns/x && echo 'nameserver 192.0.2.53' > /etc/netns/x/resolv.conf && " +
      "touch /etc/netbook-escape && echo made",
    contained: says("made"),
  },
  {
    name: "write /var/tmp and /tmp",
    command: "touch /var/tmp/netbook-escape /tmp/netbook-escape && echo made",
    contained: says("made"),
  },
  { name: "write /usr", command: "touch /usr/netbook-escape", contained: failed },
  { name: "read the host's secrets", command: "cat /etc/shadow", contained: failed },
  {
    name: "see the host's home folders",
    command: "ls -A /root /home 2>&1; ls /work",
    contained: failed,
  },
  // The kernel, through /proc: the lab's root is nobody to the host's files there.
  { name: "trigger sysrq", command: "echo s > /proc/sysrq-trigger", contained: failed },
  {
    name: "domainname, hostname through /proc",
    command: "echo pwned > /proc/sys/kernel/domainname && cat /proc/sys/kernel/domainname",
    contained: (r) => failed(r) || says("pwned")(r),
  },
  {
    name: "kernel settings that are not per namespace",
    command: "echo 1 > /proc/sys/kernel/panic_on_oops || echo 1 > /proc/sys/vm/drop_caches",
    contained: failed,
  },
  // The sandbox's mounts: unmounting them shows nothing of the host.
  {
    name: "umount -l /run to see the host's /run",
    command: "umount -l /run; ls -A /run | wc -l",
    contained: says("0"),
  },
  {
    name: "umount -l /proc to see the host's processes",
    command: "umount -l /proc; ls -A /proc | wc -l",
    contained: says("0"),
  },
  {
    // Refused once /proc is gone (the kernel will not mount a proc that reveals more than the
    // visible one); where it works, it shows only the lab's processes.
    name: "a new proc shows only the lab's processes",
    command: "mkdir -p /tmp/p && mount -t proc proc /tmp/p && ls /tmp/p | grep -c '^[0-9]' | " +
      'awk \'{ print ($1 < 20) ? "few" : "many" }\'',
    contained: (r) => failed(r) || says("few")(r),
  },
  // Namespaces: the host's cannot be joined.
  {
    name: "nsenter into the host's network namespace",
    command: "nsenter --net=/proc/1/ns/net ip link show",
    contained: (r) => r.code !== 0 || !/\beth0\b|\bens\d/.test(r.stdout),
  },
  {
    name: "nsenter into PID 1's namespaces from a fresh proc",
    command: "mkdir -p /tmp/q && mount -t proc proc /tmp/q && nsenter --net=/tmp/q/1/ns/net " +
      "--mount=/tmp/q/1/ns/mnt cat /etc/hostname",
    contained: (r) => r.code !== 0 || !r.stdout.includes(Deno.hostname()),
  },
  // Names and clocks: UTS is the lab's, the clock the host's and read-only.
  {
    name: "hostname",
    command: "hostname netbook-pwned && hostname",
    contained: says("netbook-pwned"),
  },
  { name: "date -s", command: "date -s '2001-01-01 00:00:00'", contained: failed },
  // The kernel: no modules, no devices, no sysrq.
  { name: "load a kernel module", command: "modprobe dummy", contained: failed },
  {
    name: "open the host's disk through a device node",
    command: "mknod /tmp/disk b 8 0 && head -c 512 /tmp/disk",
    contained: failed,
  },
  // The network: the lab's own, with no way out.
  { name: "reach the internet", command: "ping -c 1 -W 1 192.0.2.1", contained: failed },
  {
    name: "flush the firewall and take lo down",
    command: "iptables -F && iptables -P INPUT DROP && ip link set lo down && echo done",
    contained: says("done"),
  },
  // Last, as it leaves the lab at its limit of processes for a moment.
  {
    name: "a fork bomb",
    command: "perl -e '$| = 1; my $n = 0; while ($n < 5000) { my $p = fork; last unless " +
      "defined $p; if (!$p) { sleep 60; exit } $n++ } print qq($n\\n); kill 9, -getpgrp'",
    contained: (r) => r.code === 137 && Number(r.stdout) < LAB_LIMITS.processes,
  },
];

/**
 * Fills a memory file system of the lab's own (the lab's root may mount one, of any size) with
 * more than the lab may have: as root, the kernel holds the whole lab to its memory, and the lab
 * ends with a clear error. (Rootless, no control group holds it: see the README.)
 */
export const FILL_OWN_TMPFS = "mkdir -p /tmp/m && mount -t tmpfs -o size=4g none /tmp/m && " +
  "head -c 2G /dev/zero >/tmp/m/fill; stat -c %s /tmp/m/fill";

/** What a notebook-level attack's run must show: it failed where it should, and said why. */
export interface NotebookOutcome {
  ok: boolean;
  cell?: string;
  message: RegExp;
  /** Each cell's status, by id. */
  statuses: Record<string, string>;
}

/**
 * Notebooks (in tests/data/hostile/) that attack the run itself rather than the host: its
 * verdict, which cell ran and how it ended, the transcripts it shows, the notebooks after them.
 * Each must fail as said here in every mode (live, record, replay). Lines marked `/*attack*\/`
 * (or `// attack`) are left out of the recording a replay answers from; `@ROOT@` is the
 * repository's folder.
 */
export const NOTEBOOK_ATTACKS: { file: string; name: string; outcome: NotebookOutcome }[] = [
  {
    file: "forged_events.md",
    name: "cells ended and transcripts shown through netbook's own session",
    outcome: {
      ok: false,
      cell: "throws",
      message: /this cell fails, whatever an earlier cell said/,
      statuses: { setup: "ok", forge: "ok", throws: "failed", after: "not-run" },
    },
  },
  {
    file: "forged_fences.md",
    name: "the module's fences called with guessed keys, and posted raw",
    outcome: {
      ok: false,
      cell: "forge",
      message: /reached a cell's fence out of turn/,
      statuses: { setup: "ok", forge: "failed", throws: "not-run" },
    },
  },
  {
    file: "comment_across_cells.md",
    name: "a comment from one cell to another hides the cell between",
    outcome: {
      ok: false,
      cell: "opens",
      // Replayed, the closing cell's command comes first: it is not the hiding cell's recording.
      message:
        /fence out of turn \(netbook expected the end of cell opens\)|recording no longer matches cell "opens"/,
      statuses: { opens: "failed", hidden: "not-run", closes: "not-run" },
    },
  },
  {
    file: "template_across_cells.md",
    name: "a template literal from one cell to another reads the fences between",
    outcome: {
      ok: false,
      // Deno's parser names the first place it cannot go on from: here, in the closing cell.
      message: /SyntaxError/,
      statuses: { opens: "not-run", hidden: "not-run", closes: "failed" },
    },
  },
  {
    file: "string_across_cells.md",
    name: "a string continued from one cell to another reads the fences between",
    outcome: {
      ok: false,
      cell: "opens",
      message:
        /SyntaxError: .*at the start of cell hidden .*the code of cell opens is not complete/,
      statuses: { opens: "failed", hidden: "not-run", closes: "not-run" },
    },
  },
  {
    file: "function_across_cells.md",
    name: "a function from one cell to another runs the fences between when it likes",
    outcome: {
      ok: false,
      cell: "opens",
      message: /SyntaxError: .*at the end of cell opens .*the code of cell opens is not complete/,
      statuses: { opens: "failed", hidden: "not-run", closes: "not-run" },
    },
  },
];

/**
 * The other notebooks of tests/data/hostile/, and the tests in which each attack is refused in
 * every mode it applies to.
 */
export const OTHER_HOSTILE_NOTEBOOKS: { file: string; name: string; tests: string[] }[] = [
  {
    file: "escapes.md",
    name: "escape sequences in front matter, narrative, code, output, console.log and displays",
    tests: ["tests/cli/what_a_notebook_prints_cannot_take_over_the_terminal_test.ts"],
  },
  {
    file: "html_export.md",
    name: "script in the exported page: HTML output, SVG, links, narrative, front matter",
    tests: [
      "tests/export/exports_run_no_script_of_a_notebook_test.ts",
      "tests/export/html_site_opens_in_chromium_test.ts",
    ],
  },
  {
    file: "leaves_timers.md",
    name: "timers left to act in the next notebook's run (with fails_on_its_own.md)",
    tests: ["tests/execute/notebooks_cannot_vouch_for_themselves_test.ts"],
  },
  {
    file: "fails_on_its_own.md",
    name: "the notebook whose verdict the one before tries to change",
    tests: ["tests/execute/notebooks_cannot_vouch_for_themselves_test.ts"],
  },
];
