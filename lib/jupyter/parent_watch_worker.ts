/**
 * A worker that watches the kernel's launcher from a thread of its own, so that a cell stuck in
 * a loop cannot keep it from noticing. When the launcher is gone it says "gone" (the kernel then
 * closes its lab and exits); if the kernel has not exited `closeMs` later, it kills it, and the
 * lab's sandbox dies with it. Started by kernel_lab.ts with `{ parent, everyMs, closeMs }`.
 */
/// <reference lib="deno.worker" />
import { parentGone, type Watched } from "./parent_watchdog.ts";

self.onmessage = (e: MessageEvent<{ parent: Watched; everyMs: number; closeMs: number }>) => {
  const { parent, everyMs, closeMs } = e.data;
  const timer = setInterval(() => {
    if (!parentGone(parent)) return;
    clearInterval(timer);
    self.postMessage("gone");
    setTimeout(() => Deno.kill(Deno.pid, "SIGKILL"), closeMs);
  }, everyMs);
};
