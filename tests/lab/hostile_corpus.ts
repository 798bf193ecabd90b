/**
 * What a hostile notebook tries from inside the lab, as an attacker would: write the host's
 * files, unmount the sandbox's private mounts to see the host's, join the host's namespaces,
 * change the host's name or clock, reach the network or the kernel. Each attempt says what the
 * lab must see instead; the tests also check that the host stayed byte-identical.
 */
export interface Attempt {
  name: string;
  /** A command line, as a cell would run it in the lab. */
  command: string;
  /** What running it in the lab must show (it failed, or it changed only the lab). */
  contained: (r: { stdout: string; stderr: string; code: number }) => boolean;
}

const failed = (r: { code: number }) => r.code !== 0;
const says = (text: string) => (r: { stdout: string }) => r.stdout.trim() === text;

export const ATTEMPTS: Attempt[] = [
  // Files: the lab's /root, /etc, /var, /tmp are its own; /usr is read-only.
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
];

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
