/**
 * Notices when the program that launched this kernel is gone. jupyter_client starts a kernel in a
 * session of its own and names itself in JPY_PARENT_PID; when it is killed (kill -9 of nbconvert,
 * of the Jupyter server), nothing tells the kernel, which would live on with its lab. ipykernel
 * polls its parent for the same reason.
 */

/** A process as it was when the watch began: its PID may be reused by another, later on. */
export interface Watched {
  pid: number;
  /** Field 22 of /proc/PID/stat (start time), where /proc can be read. */
  started?: string;
  /** It is this process's own parent, whose PID changes when it dies. */
  direct: boolean;
}

/** The start time and state of a process, or undefined if there is none with that PID. */
function stat(pid: number): { started: string; state: string } | undefined {
  try {
    const text = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const [state] = rest, started = rest[19];
    return state === undefined || started === undefined ? undefined : { state, started };
  } catch {
    return undefined;
  }
}

/** The launcher to watch: JPY_PARENT_PID if that process exists, else this one's parent. */
export function kernelParent(env = Deno.env.get("JPY_PARENT_PID")): Watched {
  const parent = Deno.ppid;
  const named = Number(env);
  const pid = Number.isInteger(named) && named > 1 && (named === parent || stat(named))
    ? named
    : parent;
  return { pid, started: stat(pid)?.started, direct: pid === parent };
}

/** Whether the watched process has ended (exited, a zombie, or its PID now someone else's). */
export function parentGone(w: Watched): boolean {
  if (w.direct && Deno.ppid !== w.pid) return true;
  if (w.started === undefined) return false;
  const now = stat(w.pid);
  return now === undefined || now.started !== w.started || now.state === "Z" ||
    now.state === "X";
}
