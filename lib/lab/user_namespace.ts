/**
 * A user namespace for a lab started as root: the lab's root and its first 65536 ids (so that
 * programs that switch users, tcpdump and nginx among them, can) are ids outside that nobody on
 * the host uses. Made by an unprivileged holder process and mapped by root, so that the
 * namespace belongs to no one privileged and allows setgroups (which a namespace mapped by an
 * unprivileged process cannot).
 */

import { spawnProgram } from "../io/run_program.ts";

/** The first id, outside, that the lab's root maps to: an unprivileged id that owns nothing. */
export const LAB_UID = 2_100_000_000;
/** How many ids the lab has (0 to 65535 inside). */
export const LAB_IDS = 65536;

/** A user namespace, held open until a sandbox has joined it. */
export interface HeldNamespace {
  /** A process inside it: /proc/PID/ns/user names it. */
  pid: number;
  /** Lets the holder go (the namespace lives on in the processes that joined it). */
  release(): Promise<void>;
}

/** Makes and maps the namespace; undefined where the host does not allow it. */
export async function holdUserNamespace(): Promise<HeldNamespace | undefined> {
  let holder: Deno.ChildProcess;
  try {
    holder = spawnProgram("setpriv", {
      args: [
        `--reuid=${LAB_UID}`,
        `--regid=${LAB_UID}`,
        "--clear-groups",
        "--",
        "unshare",
        "--user",
        "--",
        "sh",
        "-c",
        "echo ready; read _",
      ],
      stderr: "null",
    });
  } catch {
    return undefined;
  }
  const release = async () => {
    await holder.stdin.close().catch(() => {});
    await holder.stdout.cancel().catch(() => {});
    await holder.status;
  };
  // The holder says "ready" once it is inside its new namespace.
  const reader = holder.stdout.getReader();
  const first = await reader.read().catch(() => ({ value: undefined }));
  reader.releaseLock();
  if (!new TextDecoder().decode(first.value ?? new Uint8Array()).startsWith("ready")) {
    await release();
    return undefined;
  }
  try {
    await Deno.writeTextFile(`/proc/${holder.pid}/uid_map`, `0 ${LAB_UID} ${LAB_IDS}\n`);
    await Deno.writeTextFile(`/proc/${holder.pid}/gid_map`, `0 ${LAB_UID} ${LAB_IDS}\n`);
  } catch {
    await release();
    return undefined;
  }
  return { pid: holder.pid, release };
}
