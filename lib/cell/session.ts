import type { Runner } from "./runner.ts";
import type { CellEvent } from "./events.ts";
import type { CommandResult } from "./command_result.ts";

/** The state cells run in: one runner for the whole run, and the cell now running. */
export interface Session {
  runner: Runner;
  /**
   * Where cells' events go: the notebook process's channel, or a Jupyter kernel. A command
   * waits for its transcript's promise (a Jupyter display is confirmed asynchronously).
   */
  emit: (event: CellEvent) => void | Promise<void>;
  cell: string;
  /** The current cell is marked expect-error: failing commands do not throw. */
  expectError: boolean;
  /** Something in the current cell failed (for expect-error cells). */
  failed: boolean;
  /** Commands made in the current cell and never awaited, with where each was written. */
  unawaited: Map<object, string>;
  /**
   * What inspectors read in the current cell, by command line: read once, and again only
   * after a command that may have changed the lab (any other command clears it).
   */
  reads: Map<string, Promise<CommandResult>>;
  /** Packet captures made in the current cell (lab.capture numbers their files). */
  captures?: number;
  /** A check or a hint is looking at the lab: its commands and displays are not shown. */
  quiet?: boolean;
}

let current: Session | undefined;

export function setSession(session: Session | undefined): void {
  current = session;
}

/** The running session; cells outside a notebook run get a clear error. */
export function session(): Session {
  if (!current) {
    throw new Error(
      "netbook has no lab yet: run cells through `deno task notebook`, or start one first " +
        "with `await netbook.start(...)` (the first cell of an exported .ipynb does this)",
    );
  }
  return current;
}

/** The running session, if there is one. */
export function maybeSession(): Session | undefined {
  return current;
}
