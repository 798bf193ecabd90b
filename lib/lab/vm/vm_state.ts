/**
 * The micro-VM saved once, booted, and restored for every lab: booting Debian's kernel under
 * emulation (TCG) takes seconds; loading a saved VM takes a fraction of one.
 *
 * The state is made by booting the image until its first process waits for the host's first line
 * (boot.sh): the kernel up, the initramfs's modules loaded, nothing of the host's /usr mounted yet
 * (qemu saves no VM whose 9p share is in use), nothing of any lab. qemu's monitor then saves it
 * into a file beside the image (`state-<key>.vmstate`), written through a descriptor qemu
 * inherits. A lab's qemu reads it back the same way (`-incoming fd:6`), and the guest goes on:
 * the host's first line gives it the time and random bytes of its own (boot_vm.ts), so two labs
 * restored from one state share neither clock nor random numbers.
 *
 * The state fits one kernel, one initramfs, one qemu and one set of qemu arguments: all are in
 * its key, so a change makes a new state (and old ones are swept). Beside it, `.json` holds the
 * key and the file's size and identity, written once the state is complete; a state whose file
 * differs from it is never given to qemu: it is said to be damaged, and made again. (qemu checks
 * the stream's structure as it loads it; one it cannot load is removed, see boot_vm.ts.)
 */
import { createHash } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { CapabilityMissingError } from "../errors.ts";
import { type Accel, QEMU_UID, qemuArgs, spawnQemu } from "./boot_vm.ts";
import { keepTail, lastLines } from "../../io/run_program.ts";
import { hostFileIdentity, type VmImage } from "./vm_image.ts";

/** What start.pl prints when it waits for the host: the point where the VM is saved. */
const WAITING = "netbook: waiting for the host";
/** A boot under TCG on a busy machine can take ten times its usual two seconds. */
const SAVE_LIMIT_MS = 90_000;
/** Bump when what a state holds changes in a way its key does not name. */
const FORMAT = 1;

const ACCEL: Accel = "tcg";

/** The `.json` beside a state. */
interface StateCheck {
  key: string;
  size: number;
  identity: string;
}

/** The qemu program setpriv will run (the first on PATH), by its identity. */
async function qemuIdentity(): Promise<string> {
  const dirs = (Deno.env.get("PATH") ?? "/usr/bin:/bin").split(":").filter(Boolean);
  for (const dir of dirs) {
    const path = join(dir, "qemu-system-x86_64");
    const info = await Deno.stat(path).catch(() => undefined);
    if (info?.isFile) return hostFileIdentity(path);
  }
  throw new CapabilityMissingError("the micro-VM needs qemu: apt-get install qemu-system-x86");
}

/**
 * The state file as it was when saved: its size, inode and time. Any write to it since (a
 * truncation, a copy over it, an edit) changes them; reading it all to hash it would cost more
 * than restoring it.
 */
function identity(info: Deno.FileInfo): string {
  return `${info.size}:${info.ino}:${info.mtime?.getTime()}`;
}

/** The key of the state for `image`: what it was made from. */
export async function stateKey(image: VmImage): Promise<string> {
  const what = JSON.stringify({
    format: FORMAT,
    vmlinux: basename(image.vmlinux),
    initramfs: basename(image.initramfs),
    qemu: await qemuIdentity(),
    args: qemuArgs(ACCEL),
  });
  return createHash("sha256").update(what).digest("hex").slice(0, 16);
}

/** Removes a state (and its check). */
async function forgetState(state: string): Promise<void> {
  await Deno.remove(`${state}.json`).catch(() => {});
  await Deno.remove(state).catch(() => {});
}

/** Why the state is not fit to use: undefined when it is, "missing", or what is wrong. */
async function verdict(state: string, key: string): Promise<string | undefined> {
  const text = await Deno.readTextFile(`${state}.json`).catch(() => undefined);
  const info = await Deno.stat(state).catch(() => undefined);
  if (text === undefined || !info) return "missing";
  let check: StateCheck;
  try {
    check = JSON.parse(text);
  } catch {
    return `its check ${state}.json is not JSON`;
  }
  if (check.key !== key) return `its check names another key (${check.key})`;
  if (check.size !== info.size) return `it has ${info.size} bytes, not ${check.size}`;
  if (check.identity !== identity(info)) return "it was written to after it was saved";
  return undefined;
}

/** Writes a JSON file through a temporary name, renamed into place. */
async function writeJson(file: string, value: unknown): Promise<void> {
  const temp = `${file}.${crypto.randomUUID().slice(0, 8)}.part`;
  await Deno.writeTextFile(temp, JSON.stringify(value) + "\n");
  await Deno.rename(temp, file);
}

/** A line-by-line QMP client on qemu's standard input and output (one command at a time). */
function qmpClient(child: Deno.ChildProcess) {
  const writer = child.stdin.getWriter();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const next = async (): Promise<Record<string, unknown>> => {
    while (true) {
      const at = buffer.indexOf("\n");
      if (at >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 1);
        const message = JSON.parse(line) as Record<string, unknown>;
        if (!("event" in message)) return message;
        continue;
      }
      const { value, done } = await lines.read();
      if (done) throw new Error("qemu's monitor ended");
      buffer += value;
    }
  };
  return {
    greeting: next(),
    async run(execute: string, args?: Record<string, unknown>): Promise<unknown> {
      await writer.write(new TextEncoder().encode(JSON.stringify({ execute, arguments: args })));
      const reply = await next();
      if ("error" in reply) {
        throw new Error(`qemu's ${execute}: ${JSON.stringify(reply.error)}`);
      }
      return reply.return;
    },
  };
}

/** Boots `image` until boot.sh waits for the host, and saves the VM into `file`. */
async function save(image: VmImage, file: string): Promise<void> {
  const child = await spawnQemu(image, ACCEL, { mode: "save", state: file });
  const console = keepTail(child.stderr);
  const qmp = qmpClient(child);
  let ended = false;
  child.status.then(() => ended = true);
  try {
    await qmp.greeting;
    await qmp.run("qmp_capabilities");
    const deadline = Date.now() + SAVE_LIMIT_MS;
    while (!console.text().includes(WAITING)) {
      if (ended || Date.now() > deadline) {
        throw new Error(
          ended ? "the VM ended first" : `it did not come in ${SAVE_LIMIT_MS / 1000} s`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    // Stopped first, and copied in one pass. qemu saves no "stopped" with it (see qemuArgs), so
    // a VM restored from it runs at once.
    await qmp.run("stop");
    // (qemu leaves no descriptor open to a program it starts: cat opens qemu's own again. sh,
    // setsid and setpriv each became the next program: qemu has the PID the shell had.)
    await qmp.run("migrate", { uri: `exec:cat >/proc/${child.pid}/fd/6` });
    while (true) {
      const info = await qmp.run("query-migrate") as { status?: string; "error-desc"?: string };
      if (info.status === "completed") break;
      if (info.status === "failed" || info.status === "cancelled") {
        throw new Error(`qemu could not save it: ${info["error-desc"] ?? info.status}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await qmp.run("quit").catch(() => {});
    await child.status;
  } catch (e) {
    if (!ended) {
      try {
        child.kill("SIGKILL");
      } catch { /* it has just ended */ }
    }
    await child.status;
    await console.ended;
    const said = lastLines(console.text(), 6).replaceAll("\n", "\n  ");
    throw new CapabilityMissingError(
      `the micro-VM could not be booted to be saved (${(e as Error).message}):\n  ${
        said || "no message"
      }`,
      { cause: e },
    );
  }
}

/**
 * The saved VM for `image`, made now if it is missing, stale (another key) or damaged (then
 * `onProgress` says so), under the image folder's build lock. Returns its path.
 */
export async function ensureState(
  image: VmImage,
  options: { onProgress?: (message: string) => void } = {},
): Promise<string> {
  const dir = dirname(image.vmlinux);
  const key = await stateKey(image);
  const state = join(dir, `state-${key}.vmstate`);
  const before = await verdict(state, key);
  if (before === undefined) return state;

  using lock = await Deno.open(join(dir, "build.lock"), { create: true, write: true });
  await lock.lock(true);
  const now = await verdict(state, key); // another netbook may have made it meanwhile
  if (now === undefined) return state;
  if (now !== "missing") {
    options.onProgress?.(`micro-VM: the saved VM ${state} is damaged (${now}): making it again`);
  }
  await forgetState(state);
  await sweepStates(dir, basename(state));
  options.onProgress?.(`micro-VM: booting once to save the VM, into ${state}`);
  const temp = `${state}.${crypto.randomUUID().slice(0, 8)}.part`;
  try {
    await Deno.writeFile(temp, new Uint8Array());
    await Deno.chmod(temp, 0o644);
    // qemu's cat writes it by its descriptor: as qemu's user, when that is not ours.
    if (Deno.uid() === 0) await Deno.chown(temp, QEMU_UID, QEMU_UID);
    await save(image, temp);
    if (Deno.uid() === 0) await Deno.chown(temp, 0, 0);
    await Deno.rename(temp, state);
    const info = await Deno.stat(state);
    const check: StateCheck = { key, size: info.size, identity: identity(info) };
    await writeJson(`${state}.json`, check);
  } catch (e) {
    await Deno.remove(temp).catch(() => {});
    throw e;
  }
  return state;
}

/** Removes states of other keys, once a day old (another netbook may still use its own). */
async function sweepStates(dir: string, keep: string): Promise<void> {
  const dayAgo = Date.now() - 86_400_000;
  for await (const e of Deno.readDir(dir)) {
    if (!e.name.startsWith("state-") || e.name.startsWith(keep)) continue;
    const path = join(dir, e.name);
    const time = (await Deno.stat(path).catch(() => undefined))?.mtime?.getTime() ?? 0;
    if (time < dayAgo || e.name.endsWith(".part")) await Deno.remove(path).catch(() => {});
  }
}
