/**
 * The lab a kernel holds: at most one at a time, and none once the program that launched the
 * kernel is gone. Kept on globalThis, so that two copies of netbook imported into one kernel
 * (two checkouts, two paths) still share it.
 */
import { kernelParent } from "./parent_watchdog.ts";

/** What the kernel needs of an open session. */
export interface OpenSession {
  readonly notebook: { readonly path: string };
  readonly stopped: boolean;
  stop(): Promise<void>;
}

interface KernelLab {
  session?: OpenSession;
  watching?: boolean;
}

/** How often the launcher is looked at. */
const EVERY_MS = 500;
/** How long a lab may take to close when the kernel ends because its launcher is gone. */
const CLOSE_MS = 10_000;

function kernelLab(): KernelLab {
  const key = Symbol.for("netbook.jupyter.lab");
  const g = globalThis as unknown as Record<symbol, KernelLab>;
  return g[key] ??= {};
}

/**
 * Closes the lab this kernel opened before (running the first cell again must not leave the
 * first lab running) and says what was closed; undefined if nothing was open.
 */
export async function closePreviousLab(): Promise<string | undefined> {
  const held = kernelLab();
  const previous = held.session;
  held.session = undefined;
  if (!previous || previous.stopped) return undefined;
  try {
    await previous.stop();
    return `closed the lab this kernel opened before (for ${previous.notebook.path})`;
  } catch (e) {
    return `closed the lab this kernel opened before (for ${previous.notebook.path}); ` +
      `it said: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Remembers the session now open, for the next `closePreviousLab()` and the watchdog. */
export function holdLab(session: OpenSession): void {
  kernelLab().session = session;
}

/**
 * Ends the kernel, closing its lab first, once the program that launched it is gone. A worker
 * (parent_watch_worker.ts) watches from a thread of its own, and kills the kernel if the lab is
 * not closed in time (a cell stuck in a loop); the lab's sandbox dies with the kernel. Installed
 * once per kernel; only a kernel calls it (it ends the process).
 */
export function endWithLauncher(): void {
  const held = kernelLab();
  if (held.watching) return;
  held.watching = true;
  const worker = new Worker(new URL("./parent_watch_worker.ts", import.meta.url), {
    type: "module",
  });
  worker.onmessage = async () => {
    try {
      if (held.session && !held.session.stopped) await held.session.stop();
    } finally {
      Deno.exit(0);
    }
  };
  worker.postMessage({ parent: kernelParent(), everyMs: EVERY_MS, closeMs: CLOSE_MS });
}
