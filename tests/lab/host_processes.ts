/** Looking at the host's processes from a test: who is alive, in which PID namespace, since when. */

export interface HostProcess {
  pid: number;
  ppid: number;
  /** R, S, D, Z (zombie: ended, not yet reaped by its parent) ... */
  state: string;
  /** Killed or exiting: it runs no more code of its own (PF_EXITING). */
  exiting: boolean;
  /** Start time in clock ticks since boot (field 22 of /proc/PID/stat). */
  started: number;
  /** The command line, arguments joined by spaces. */
  args: string;
  /** The PID namespace, as /proc/PID/ns/pid names it (e.g. "pid:[4026532281]"). */
  pidns: string;
}

/** Whether a process with this PID exists on the host. */
export function alive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

const PF_EXITING = 0x4;

/** Reads one process, or undefined if there is none with that PID. */
export function processInfo(pid: number): HostProcess | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // The command name (field 2) is in parentheses and may contain spaces.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const args = Deno.readTextFileSync(`/proc/${pid}/cmdline`).split("\0").join(" ").trim();
    return {
      pid,
      state: rest[0] ?? "",
      exiting: (Number(rest[6]) & PF_EXITING) !== 0,
      ppid: Number(rest[1]),
      started: Number(rest[19]),
      args,
      pidns: Deno.readLinkSync(`/proc/${pid}/ns/pid`),
    };
  } catch {
    return undefined; // it went away while we looked
  }
}

/**
 * Whether this very process (same PID, same start time) has ended. One that is exiting or a
 * zombie has ended: it runs no more and holds nothing but its PID until it is reaped (orphans
 * are reaped by the host's init, which may take its time).
 */
export function ended(p: HostProcess): boolean {
  const now = processInfo(p.pid);
  return now?.started !== p.started || now.state === "Z" || now.exiting;
}

/** Now, in the clock ticks that process start times are counted in (USER_HZ, 100 on Linux). */
export function ticksNow(): number {
  return Math.ceil(Number(Deno.readTextFileSync("/proc/uptime").split(" ")[0]) * 100) + 1;
}

/** Every process on the host (that is still there by the time it is read). */
export function processes(): HostProcess[] {
  const list: HostProcess[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    const p = processInfo(Number(e.name));
    if (p) list.push(p);
  }
  return list;
}

/**
 * The PID namespaces of the lab held by process `pid` (bubblewrap): that of its child, the
 * sandbox's init (PID 1 there, with the lab's agent), and those nested in it (the lab's
 * commands run in one of their own), as the processes under it show them now.
 */
export function labPidNamespaces(pid: number): Set<string> {
  const all = processes();
  const init = all.find((p) => p.ppid === pid);
  if (!init) throw new Error(`process ${pid} has no child: no lab runs under it`);
  const under = [init];
  // for…of goes on to the processes pushed as it goes: the children's children, and so on.
  for (const parent of under) under.push(...all.filter((p) => p.ppid === parent.pid));
  return new Set(under.map((p) => p.pidns));
}

/** Waits until `check` holds, polling; false if it still does not after `ms`. */
export async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

export function describe(list: HostProcess[]): string {
  return list.map((p) =>
    `${p.pid} [${p.state}${p.exiting ? ", exiting" : ""}] (parent ${p.ppid}, ${p.pidns}): ${p.args}`
  ).join("\n");
}
