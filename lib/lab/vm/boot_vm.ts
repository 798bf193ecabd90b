/**
 * Boots the micro-VM under qemu and waits for its agent: a PC with its own RAM (VM_MEMORY_MIB),
 * one CPU, the kernel booted directly (PVH), the initramfs as its root, the host's /usr shared
 * read-only over 9p (qemu refuses every write to it), no network device (and no disk, no
 * display), and one virtio-serial port wired to qemu's standard input and output, where the
 * guest's agent speaks netbook's agent protocol. The kernel's console goes to qemu's standard
 * error, kept for the message if the VM does not come up, or runs out of memory.
 *
 * Under TCG the VM is not booted but restored (`-incoming fd:6`) from the one saved for its image
 * (vm_state.ts), where its agent waits for the host's first line, which gives it random bytes of
 * its own. A saved VM qemu cannot load stops the lab with a message naming it, and is removed.
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
 * does), no crypto self-tests, no kprobe events, and no probing of hardware the VM lacks. Freed
 * memory is zeroed (init_on_free), so that the saved VM (vm_state.ts) need not hold it.
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
  "init_on_free=1",
];

/** How qemu's seccomp filter is set: the obsolete calls, privileges, processes, priorities. */
const SANDBOX = "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny";
/**
 * While a VM is saved, qemu may start one program: `cat`, which writes the state to the
 * descriptor qemu inherited (its monitor takes no descriptor by number). No lab runs in that VM.
 */
const SAVING_SANDBOX = SANDBOX.replace("spawn=deny", "spawn=allow");

/**
 * qemu's arguments. A "lab" VM has its agent's port on qemu's standard input and output; a VM
 * started to be saved ("save", see vm_state.ts) has no agent yet, and qemu's QMP monitor there
 * instead. Both have the same machine, devices and memory, as a saved state must.
 */
export function qemuArgs(accel: Accel, role: "lab" | "save" = "lab"): string[] {
  return [
    "-nodefaults",
    "-no-user-config",
    "-display",
    "none",
    "-no-reboot",
    "-sandbox",
    role === "lab" ? SANDBOX : SAVING_SANDBOX,
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
    // (Connected, so that the guest waits on it, but silent, while the VM is saved.)
    role === "lab" ? "stdio,id=agent,signal=off" : "file,id=agent,path=/dev/null",
    "-device",
    "virtserialport,chardev=agent,name=netbook",
    ...(role === "save" ? ["-qmp", "stdio", "-global", "migration.store-global-state=off"] : []),
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

/**
 * How qemu starts: booting the kernel ("boot"), restoring a saved VM from the file `state`
 * ("restore", read from descriptor 6: qemu's sandbox lets it start no program to read it), or
 * booting to be saved into `state` ("save", written to descriptor 6).
 */
export type QemuStart =
  | { mode: "boot" }
  | { mode: "restore"; state: string }
  | { mode: "save"; state: string };

/** Starts qemu (through sh, which opens the image's files, setsid and setpriv). */
export async function spawnQemu(
  image: VmImage,
  accel: Accel,
  start: QemuStart = { mode: "boot" },
): Promise<Deno.ChildProcess> {
  const state = start.mode === "boot" ? "/dev/null" : start.state;
  const args = start.mode === "save" ? qemuArgs(accel, "save") : qemuArgs(accel);
  if (start.mode === "restore") args.push("-incoming", "fd:6");
  try {
    return spawnProgram("/bin/sh", {
      args: [
        "-c",
        `exec 3<"$1" 4<"$2" 5>&2 6${start.mode === "save" ? ">" : "<"}"$3" && shift 3 && exec "$@"`,
        "sh",
        image.vmlinux,
        image.initramfs,
        state,
        // A session of its own: a terminal's Ctrl-C reaches the runner, which stops the VM, not
        // qemu, which would end before the runner knew why.
        "setsid",
        "setpriv",
        ...await privileges(accel),
        "--",
        "qemu-system-x86_64",
        ...args,
      ],
    });
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new CapabilityMissingError("the micro-VM is started by /bin/sh, which is missing");
    }
    throw e;
  }
}

/**
 * The VM's first line from the host (start.pl reads it): random bytes that make this VM's random
 * numbers its own, even when it is restored from a state other VMs share.
 */
function startLine(): Uint8Array {
  const seed = Array.from(crypto.getRandomValues(new Uint8Array(64)))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  return new TextEncoder().encode(`start ${seed}\n`);
}

/** What qemu says when it cannot load a saved VM (a damaged file, a state of another qemu). */
const QEMU_LOAD_FAILED = /^qemu-system-x86_64: .*(migration|section|savevm|vmstate|load)/im;

/** The VM did not come up in time (KVM that hangs, or a machine far too slow). */
export class BootTimeoutError extends Error {
  override name = "BootTimeoutError";
}

/**
 * Starts qemu and waits up to `limit` milliseconds for the agent's "ready". Throws
 * BootTimeoutError (the VM killed) when it does not come, CapabilityMissingError when qemu cannot
 * start or the VM ends first.
 */
export async function bootVm(
  image: VmImage,
  accel: Accel,
  limit: number,
  state?: string,
): Promise<BootedVm> {
  const child = await spawnQemu(
    image,
    accel,
    state ? { mode: "restore", state } : { mode: "boot" },
  );
  const console = keepTail(child.stderr);
  // Waits in the pipe until the guest reads it (qemu reads nothing the port cannot take).
  const writer = child.stdin.getWriter();
  await writer.write(startLine()).catch(() => {});
  writer.releaseLock();
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
    if (state && QEMU_LOAD_FAILED.test(console.text())) {
      await Deno.remove(`${state}.json`).catch(() => {}); // its check (see vm_state.ts)
      await Deno.remove(state).catch(() => {});
      throw new CapabilityMissingError(
        `the micro-VM's saved state ${state} could not be restored (qemu exited ${status.code}):` +
          `\n  ${said || "no message"}\nIt was removed: the next lab makes it again.`,
      );
    }
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
