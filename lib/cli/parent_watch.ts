/**
 * A run ends with whoever started it. `deno task notebook` runs netbook as a child process: kill
 * -9 of the task (or of a shell that ran netbook) leaves that child behind, handed to init. The
 * watch notices within a tenth of a second (its parent changed) and stops the run as SIGTERM
 * does: what is running is stopped, the lab closed, the run's folder removed. Should that not
 * end the process, it is ended a few seconds later.
 */

/** How long after its parent is gone the process is ended, whatever it is doing. */
const GRACE_MS = 5_000;

/** Watches this process's parent; returns a function that ends the watch. */
export function watchParent(everyMs = 100): () => void {
  const parent = Deno.ppid;
  const timer = setInterval(() => {
    if (Deno.ppid === parent) return;
    clearInterval(timer);
    setTimeout(() => Deno.exit(143), GRACE_MS);
    Deno.kill(Deno.pid, "SIGTERM");
  }, everyMs);
  // It keeps no run going by itself.
  Deno.unrefTimer(timer);
  return () => clearInterval(timer);
}
