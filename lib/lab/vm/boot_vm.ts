/**
 * Boots the micro-VM under qemu and waits for its agent: a PC with 256 MB, one CPU, the
 * kernel booted directly (PVH), the initramfs as its only file system, no network device (and
 * no disk, no display), and one virtio-serial port wired to qemu's standard input and output,
 * where the guest's agent speaks netbook's agent protocol. The kernel's console goes to qemu's
 * standard error, kept for the message if the VM does not come up.
 *
 * qemu runs under `setpriv --pdeathsig KILL`: when the process that started it dies, even by
 * kill -9, the kernel kills qemu, and the VM (all in qemu's memory) is gone with it.
 */
import { AgentClient } from "../agent_client.ts";
import { CapabilityMissingError } from "../errors.ts";
import type { VmImage } from "./vm_image.ts";

export type Accel = "kvm" | "tcg";

/** A VM whose agent said "ready". */
export interface BootedVm {
  child: Deno.ChildProcess;
  agent: AgentClient;
  accel: Accel;
  /** The end of what the VM's console printed so far. */
  console(): string;
}

/** The guest kernel's command line: quiet, no reboot loop, and no time on hardware it lacks. */
const KERNEL_ARGS = [
  "console=ttyS0",
  "quiet",
  "panic=-1",
  "mitigations=off",
  "i8042.noaux",
  "i8042.nokbd",
  "i8042.nopnp",
  "8250.nr_uarts=1",
  "no_timer_check",
];

function qemuArgs(image: VmImage, accel: Accel): string[] {
  return [
    "-nodefaults",
    "-no-user-config",
    "-display",
    "none",
    "-no-reboot",
    "-machine",
    "pc",
    "-accel",
    accel,
    ...(accel === "kvm" ? ["-cpu", "host"] : []),
    "-m",
    "256",
    "-smp",
    "1",
    "-nic",
    "none",
    "-kernel",
    image.vmlinux,
    "-initrd",
    image.initramfs,
    "-append",
    KERNEL_ARGS.join(" "),
    "-serial",
    "file:/proc/self/fd/2",
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

/** Keeps the last few kilobytes of a text stream. */
function tail(stream: ReadableStream<Uint8Array>): () => string {
  let text = "";
  (async () => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      text = (text + chunk).slice(-8000);
    }
  })().catch(() => {});
  return () => text;
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
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("setpriv", {
      args: ["--pdeathsig", "KILL", "--", "qemu-system-x86_64", ...qemuArgs(image, accel)],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      clearEnv: true,
      env: { PATH: "/usr/local/bin:/usr/bin:/bin" },
    }).spawn();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new CapabilityMissingError(
        "setpriv ties the micro-VM to netbook's life and is not installed: apt-get install util-linux",
      );
    }
    throw e;
  }
  const console = tail(child.stderr);
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
    const said = console().trim().split("\n").slice(-6).join("\n  ");
    throw new CapabilityMissingError(
      `the micro-VM (${accel}) ended before its agent was ready (qemu exited ${status.code}):\n  ${
        said || "no message"
      }`,
    );
  } finally {
    clearTimeout(timer);
  }
  return { child, agent, accel, console };
}
