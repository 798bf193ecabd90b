/**
 * Boots the micro-VM under qemu and waits for its agent: a PC with its own RAM (VM_MEMORY_MIB),
 * one CPU, the kernel booted directly (PVH), the initramfs as its root, the host's /usr shared
 * read-only over 9p (qemu refuses every write to it), no network device (and no disk, no
 * display), and one virtio-serial port wired to qemu's standard input and output, where the
 * guest's agent speaks netbook's agent protocol. The kernel's console goes to qemu's standard
 * error, kept for the message if the VM does not come up, or runs out of memory.
 *
 * qemu runs with what it needs and no more: its seccomp filter on (`-sandbox on`, which also
 * denies it new processes and privileges), no new privileges, and, when netbook runs as root,
 * as a user of its own (QEMU_UID) with no capabilities, so that even a guest that took qemu over
 * could write nothing of the host's. The kernel and initramfs reach it as open files. It runs
 * under `setpriv --pdeathsig KILL`: when the process that started it dies, even by kill -9, the
 * kernel kills qemu, and the VM (all in qemu's memory) is gone with it.
 */
import { AgentClient } from "../agent_client.ts";
import { CapabilityMissingError } from "../errors.ts";
import { LAB_IDS, LAB_UID } from "../user_namespace.ts";
import type { VmImage } from "./vm_image.ts";
import { keepTail, lastLines, spawnProgram } from "../../io/run_program.ts";

export type Accel = "kvm" | "tcg";

/** The VM's RAM: a lab that needs more is one no notebook should be. */
export const VM_MEMORY_MIB = 256;

/**
 * The host user qemu runs as when netbook is root: unprivileged, owning nothing, and apart from
 * the netns lab's users (LAB_UID and the ids after it), which could otherwise signal or trace it.
 */
export const QEMU_UID = LAB_UID + LAB_IDS;

/** A VM whose agent said "ready". */
export interface BootedVm {
  child: Deno.ChildProcess;
  agent: AgentClient;
  accel: Accel;
  /** The end of what the VM's console printed so far. */
  console(): string;
  /** Resolves once qemu has exited and its console is read to the end: its last 8000 chars. */
  consoleEnded: Promise<string>;
}

/**
 * The guest kernel's command line: quiet, no reboot loop, and a kernel that stops (and with it
 * qemu) when its memory runs out, rather than killing some process of the lab and going on.
 * The rest saves boot time under emulation (measured with initcall_debug): no ACPI (its tables
 * cost ~0.3 s to read, and the virtio devices ~0.7 s to set up through them; the PC's MP table
 * does), no crypto self-tests, no kprobe events, and no probing of hardware the VM lacks.
 */
const KERNEL_ARGS = [
  "console=ttyS0",
  "quiet",
  "panic=-1",
  "sysctl.vm.panic_on_oom=1",
  "mitigations=off",
  "acpi=off",
  "cryptomgr.notests",
  "initcall_blacklist=crypto_kdf108_init,init_kprobe_trace",
  "i8042.noaux",
  "i8042.nokbd",
  "i8042.nopnp",
  "8250.nr_uarts=1",
  "no_timer_check",
];

/** How qemu's seccomp filter is set: the obsolete calls, privileges, processes, priorities. */
const SANDBOX = "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny";

function qemuArgs(accel: Accel): string[] {
  return [
    "-nodefaults",
    "-no-user-config",
    "-display",
    "none",
    "-no-reboot",
    "-sandbox",
    SANDBOX,
    "-machine",
    "pc",
    "-accel",
    accel,
    ...(accel === "kvm" ? ["-cpu", "host"] : []),
    "-m",
    String(VM_MEMORY_MIB),
    "-smp",
    "1",
    "-nic",
    "none",
    // Opened by the shell that starts qemu (see spawnQemu), which may not read the cache itself.
    "-kernel",
    "/proc/self/fd/3",
    "-initrd",
    "/proc/self/fd/4",
    "-append",
    KERNEL_ARGS.join(" "),
    "-virtfs",
    "local,path=/usr,mount_tag=host-usr,security_model=none,readonly=on,multidevs=remap",
    // The console: qemu's standard error, passed as a descriptor (a pipe, which qemu running as
    // another user could not open again by its name; appended to, as a pipe cannot be truncated).
    "-add-fd",
    "fd=5,set=5",
    "-chardev",
    "file,id=console,path=/dev/fdset/5,append=on",
    "-serial",
    "chardev:console",
    "-monitor",
    "none",
    "-device",
    "virtio-serial-pci",
    "-chardev",
    "stdio,id=agent,signal=off",
    "-device",
    "virtserialport,chardev=agent,name=netbook",
  ];
}

/** The group that may open /dev/kvm, for a qemu that runs as QEMU_UID. */
async function kvmGroup(): Promise<number | undefined> {
  return (await Deno.stat("/dev/kvm").catch(() => undefined))?.gid ?? undefined;
}

/** What setpriv is told: the user qemu runs as, what it may never gain, and that it dies with us. */
async function privileges(accel: Accel): Promise<string[]> {
  const always = ["--no-new-privs", "--pdeathsig", "KILL"];
  if (Deno.uid() !== 0) return always;
  const kvm = accel === "kvm" ? await kvmGroup() : undefined;
  return [
    `--reuid=${QEMU_UID}`,
    `--regid=${QEMU_UID}`,
    kvm === undefined ? "--clear-groups" : `--groups=${kvm}`,
    "--inh-caps=-all",
    "--bounding-set=-all",
    ...always,
  ];
}

/** Starts qemu (through sh, which opens the image's files, setsid and setpriv). */
async function spawnQemu(image: VmImage, accel: Accel): Promise<Deno.ChildProcess> {
  try {
    return spawnProgram("/bin/sh", {
      args: [
        "-c",
        'exec 3<"$1" 4<"$2" 5>&2 && shift 2 && exec "$@"',
        "sh",
        image.vmlinux,
        image.initramfs,
        // A session of its own: a terminal's Ctrl-C reaches the runner, which stops the VM, not
        // qemu, which would end before the runner knew why.
        "setsid",
        "setpriv",
        ...await privileges(accel),
        "--",
        "qemu-system-x86_64",
        ...qemuArgs(accel),
      ],
    });
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new CapabilityMissingError("the micro-VM is started by /bin/sh, which is missing");
    }
    throw e;
  }
}

/** The VM did not come up in time (KVM that hangs, or a machine far too slow). */
export class BootTimeoutError extends Error {
  override name = "BootTimeoutError";
}

/**
 * Starts qemu and waits up to `limit` milliseconds for the agent's "ready". Throws
 * BootTimeoutError (the VM killed) when it does not come, CapabilityMissingError when qemu cannot
 * start or the VM ends first.
 */
export async function bootVm(image: VmImage, accel: Accel, limit: number): Promise<BootedVm> {
  const child = await spawnQemu(image, accel);
  const console = keepTail(child.stderr);
  const agent = new AgentClient(child.stdin, child.stdout);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => timer = setTimeout(() => resolve("late"), limit));
  try {
    const outcome = await Promise.race([agent.ready.then(() => "ready" as const), late]);
    if (outcome === "late") {
      child.kill("SIGKILL");
      await child.status;
      throw new BootTimeoutError(
        `the micro-VM (${accel}) did not start within ${limit / 1000} s`,
      );
    }
  } catch (e) {
    if (e instanceof BootTimeoutError) throw e;
    const status = await child.status;
    await console.ended;
    const said = lastLines(console.text(), 6).replaceAll("\n", "\n  ");
    throw new CapabilityMissingError(
      `the micro-VM (${accel}) ended before its agent was ready (qemu exited ${status.code}):\n  ${
        said || "no message"
      }`,
    );
  } finally {
    clearTimeout(timer);
  }
  return { child, agent, accel, console: console.text, consoleEnded: console.ended };
}
