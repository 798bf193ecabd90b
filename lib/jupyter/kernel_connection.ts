/**
 * Where this kernel's IOPub channel listens, from the connection file Jupyter gave it: Deno's
 * kernel is started as `deno jupyter --kernel --conn FILE` (see `deno jupyter --install`).
 */

/** What netbook needs of a kernel's connection file. */
export interface IopubAddress {
  /** The address the kernel listens on, e.g. 127.0.0.1. */
  ip: string;
  /** The port of its IOPub (PUB) socket. */
  port: number;
}

/** This process's arguments, as the system sees them (Deno.args is empty in a kernel). */
function commandLine(): string[] {
  return Deno.readTextFileSync("/proc/self/cmdline").split("\0").filter((a) => a !== "");
}

/**
 * The IOPub address of the Deno kernel this code runs in. Throws, saying why, where it cannot
 * be known (not in a kernel, no /proc, a transport other than TCP).
 */
export function iopubAddress(args: string[] = commandLine()): IopubAddress {
  const at = args.findIndex((a) => a === "--conn" || a.startsWith("--conn="));
  const arg = args[at];
  const file = arg === undefined
    ? undefined
    : arg.startsWith("--conn=")
    ? arg.slice(7)
    : args[at + 1];
  if (!file) throw new Error(`no --conn FILE among this process's arguments (${args.join(" ")})`);
  const info = JSON.parse(Deno.readTextFileSync(file));
  if ((info.transport ?? "tcp") !== "tcp") {
    throw new Error(`the kernel's transport is ${info.transport}, not tcp`);
  }
  if (typeof info.ip !== "string" || !Number.isInteger(info.iopub_port)) {
    throw new Error(`${file} has no ip and iopub_port`);
  }
  return { ip: info.ip, port: info.iopub_port };
}
