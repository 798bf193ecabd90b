import type { Session } from "./session.ts";

/**
 * A command built with $`...` but never awaited ran nothing: that is a mistake to name. Throws
 * when the cell that just ended left any, with the first forgotten call's frames (as `site`), so
 * that the failure points at its line; the session forgets them either way.
 */
export function checkAwaited(s: Session, cell: string): void {
  const sites = [...s.unawaited.values()];
  s.unawaited.clear();
  if (!sites.length) return;
  const error = new Error(
    `cell "${cell}" built ${sites.length === 1 ? "a command" : `${sites.length} commands`} ` +
      "with $`...` and never awaited " + (sites.length === 1 ? "it" : "them") +
      ", so nothing ran. Write `await $`...``.",
  );
  Object.assign(error, { site: sites[0] });
  throw error;
}
