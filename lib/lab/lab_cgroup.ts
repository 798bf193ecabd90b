/**
 * A control group of the lab's own, where this machine allows one: the kernel then holds the
 * whole lab (every process, every file it writes to its memory file systems) to a memory and a
 * process limit. cgroup v2 where its memory and pids controllers are available to us (as root, or
 * in a subtree delegated to the user), else cgroup v1's memory and pids hierarchies (as root).
 * Elsewhere there is none, and the lab's limits are those of its file systems and rlimits.
 *
 * A lab's group is made beside netbook's own group (v2, where processes may only sit in leaves)
 * or inside it (v1), named netbook-lab-PID-N; it goes when the lab ends, and one a killed run left
 * is removed by the next lab made on this machine.
 */
import { dirname, join } from "node:path";

/** What a lab may use: limits a learner never meets and an attacker always does. */
export interface LabLimits {
  /** Memory of the whole lab, in MiB: processes, and what its memory file systems hold. */
  memoryMiB: number;
  /** Processes (and threads) at once. */
  processes: number;
  /** Address space of each process, in MiB (where no control group holds the whole lab). */
  processMiB: number;
}

/**
 * The limits every lab gets (see the README's boundary section). The whole curriculum, run live,
 * peaks at about 14 MiB and 15 processes in a lab.
 */
export const LAB_LIMITS: LabLimits = { memoryMiB: 512, processes: 512, processMiB: 1024 };

/** What the lab ran into, counted by the kernel since its group was made. */
export interface LimitCounts {
  /** Processes the kernel killed because the lab had used all of its memory. */
  oomKills: number;
  /** Forks refused because the lab had as many processes as it may. */
  forksRefused: number;
}

/** A lab's control group(s): one per hierarchy that has the controllers. */
export interface LabCgroup {
  readonly limits: LabLimits;
  /** The files a process writes its PID to, to join (then its children are in too). */
  readonly procs: string[];
  counts(): Promise<LimitCounts>;
  /** Removes the groups, once the lab's processes are gone (waits a little for them). */
  remove(): Promise<void>;
}

const PREFIX = "netbook-lab-";
let made = 0;

interface Mount {
  point: string;
  fstype: string;
  options: string[];
}

async function read(path: string): Promise<string | undefined> {
  return await Deno.readTextFile(path).catch(() => undefined);
}

/** The mounts of /proc/self/mountinfo; a line not in its format names no mount netbook uses. */
function mounts(text: string): Mount[] {
  return text.split("\n").flatMap((line) => {
    const [left, right] = line.split(" - ");
    const point = left?.split(" ")[4];
    const [fstype, , options] = right?.split(" ") ?? [];
    if (point === undefined || fstype === undefined || options === undefined) return [];
    return [{ point: point.replace(/\\040/g, " "), fstype, options: options.split(",") }];
  });
}

function alive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

/** Removes the groups that labs of runs no longer alive left behind (a killed run's). */
export async function sweepLabCgroups(): Promise<void> {
  const p = await plan();
  for (const parent of p?.parents ?? []) await sweep(parent.dir);
}

/** The groups labs have now on this machine (for tests: none is left once its run has ended). */
export async function labCgroups(): Promise<string[]> {
  const p = await plan();
  const found: string[] = [];
  for (const parent of p?.parents ?? []) {
    try {
      for await (const e of Deno.readDir(parent.dir)) {
        if (e.isDirectory && e.name.startsWith(PREFIX)) found.push(join(parent.dir, e.name));
      }
    } catch {
      // Not readable.
    }
  }
  return found.sort();
}

/** Removes groups that labs of runs no longer alive left in `parent`. */
async function sweep(parent: string): Promise<void> {
  try {
    for await (const e of Deno.readDir(parent)) {
      const m = new RegExp(`^${PREFIX}(\\d+)-\\d+$`).exec(e.name);
      if (e.isDirectory && m && !alive(Number(m[1]))) {
        await Deno.remove(join(parent, e.name)).catch(() => {});
      }
    }
  } catch {
    // Not readable: nothing of ours is there.
  }
}

/** A number from a `key value` line of a cgroup file. */
function field(text: string | undefined, key: string): number {
  const m = new RegExp(`^${key} (\\d+)$`, "m").exec(text ?? "");
  return m ? Number(m[1]) : 0;
}

async function write(path: string, value: string): Promise<void> {
  await Deno.writeTextFile(path, value);
}

/** Where the groups go, and how to set and read them, for this machine. */
interface Plan {
  version: 1 | 2;
  /** Per hierarchy: the folder new groups go in, and which controllers it has. */
  parents: { dir: string; controllers: ("memory" | "pids")[] }[];
}

async function plan(): Promise<Plan | undefined> {
  const all = mounts(await read("/proc/self/mountinfo") ?? "");
  const own = (await read("/proc/self/cgroup") ?? "").split("\n").filter(Boolean).map((l) => {
    const [, controllers, path] = l.match(/^\d+:([^:]*):(.*)$/) ?? [];
    return { controllers: (controllers ?? "").split(","), path: path ?? "" };
  });
  // cgroup v2: both controllers, in the group beside ours.
  const unified = all.find((m) => m.fstype === "cgroup2");
  const ownV2 = own.find((c) => c.controllers.length === 1 && c.controllers[0] === "");
  if (unified && ownV2) {
    const parent = ownV2.path === "/" ? unified.point : join(unified.point, dirname(ownV2.path));
    const enabled = (await read(join(parent, "cgroup.subtree_control")) ?? "").split(/\s+/);
    if (enabled.includes("memory") && enabled.includes("pids")) {
      return { version: 2, parents: [{ dir: parent, controllers: ["memory", "pids"] }] };
    }
  }
  // cgroup v1: a hierarchy per controller, a group inside ours in each.
  const parents: Plan["parents"] = [];
  for (const controller of ["memory", "pids"] as const) {
    const mount = all.find((m) => m.fstype === "cgroup" && m.options.includes(controller));
    const path = own.find((c) => c.controllers.includes(controller))?.path;
    if (!mount || path === undefined) return undefined;
    parents.push({ dir: join(mount.point, path), controllers: [controller] });
  }
  return { version: 1, parents };
}

/**
 * Makes the lab's group(s) with `limits`; undefined where this machine gives netbook none (no
 * controllers, or no right to make groups). Nothing is left behind when it fails half-way.
 */
export async function makeLabCgroup(
  limits: LabLimits = LAB_LIMITS,
): Promise<LabCgroup | undefined> {
  const p = await plan();
  if (!p) return undefined;
  const name = `${PREFIX}${Deno.pid}-${++made}`;
  const dirs: string[] = [];
  const remove = async () => {
    for (const dir of dirs.reverse()) {
      // A group goes once its last process has: wait for those still exiting.
      for (let i = 0; i < 100; i++) {
        try {
          await Deno.remove(dir);
          break;
        } catch (e) {
          if (e instanceof Deno.errors.NotFound) break;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }
    dirs.length = 0;
  };
  try {
    const bytes = String(limits.memoryMiB * 1024 * 1024);
    for (const parent of p.parents) {
      await sweep(parent.dir);
      const dir = join(parent.dir, name);
      await Deno.mkdir(dir);
      dirs.push(dir);
      if (parent.controllers.includes("memory")) {
        if (p.version === 2) {
          await write(join(dir, "memory.max"), bytes);
          await write(join(dir, "memory.swap.max"), "0").catch(() => {});
        } else {
          await write(join(dir, "memory.limit_in_bytes"), bytes);
          await write(join(dir, "memory.memsw.limit_in_bytes"), bytes).catch(() => {});
        }
      }
      if (parent.controllers.includes("pids")) {
        await write(join(dir, "pids.max"), String(limits.processes));
      }
    }
  } catch {
    await remove();
    return undefined;
  }
  // dirs[i] is the group made in p.parents[i].
  const [memoryDir, pidsDir] = (["memory", "pids"] as const).map((controller) =>
    dirs.find((_, i) => p.parents[i]?.controllers.includes(controller))
  );
  if (!memoryDir || !pidsDir) {
    await remove();
    return undefined;
  }
  return {
    limits,
    procs: dirs.map((d) => join(d, "cgroup.procs")),
    async counts() {
      const memory = await read(
        join(memoryDir, p.version === 2 ? "memory.events" : "memory.oom_control"),
      );
      return {
        oomKills: field(memory, "oom_kill"),
        forksRefused: field(await read(join(pidsDir, "pids.events")), "max"),
      };
    },
    remove,
  };
}

/** Says what limit a lab ran into since it was last asked; releases the group when the lab ends. */
export function cgroupWatch(cgroup: LabCgroup): {
  hit(): Promise<string | undefined>;
  release(): Promise<void>;
} {
  let last: LimitCounts = { oomKills: 0, forksRefused: 0 };
  return {
    async hit() {
      const now = await cgroup.counts();
      const said = [];
      if (now.oomKills > last.oomKills) {
        said.push(
          `the lab ran out of its ${cgroup.limits.memoryMiB} MiB of memory, and the kernel ` +
            "stopped a process in it",
        );
      }
      if (now.forksRefused > last.forksRefused) {
        said.push(`the lab reached its limit of ${cgroup.limits.processes} processes at once`);
      }
      last = now;
      return said.length ? said.join("; ") : undefined;
    },
    release: () => cgroup.remove(),
  };
}
