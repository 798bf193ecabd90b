import type { Capability } from "../notebook/front_matter.ts";
import type { Runner } from "../lab/runner.ts";
import { type Session, setSession } from "../lab/session.ts";
import { PROBES } from "../lab/capabilities.ts";
import type { RunEvent } from "./events.ts";

export interface CellPlan {
  line: number;
  expectError: boolean;
  requires: Capability[];
}

interface State {
  session: Session;
  emit: (event: RunEvent) => void | Promise<void>;
  cells: Record<string, CellPlan>;
  started: number;
  skipping: boolean;
}

let state: State | undefined;

/** Sets up the session the generated module's cells run in. */
export function configureCells(
  runner: Runner,
  emit: (event: RunEvent) => void | Promise<void>,
  cells: Record<string, CellPlan>,
): Session {
  const session: Session = {
    runner,
    cell: "",
    expectError: false,
    failed: false,
    sink: {
      commandStart: (cell, command) => void emit({ t: "command-start", cell, command }),
      command: (cell, transcript) => emit({ t: "command", cell, transcript }),
      display: (cell, bundle) => emit({ t: "display", cell, bundle }),
    },
  };
  setSession(session);
  state = { session, emit, cells, started: 0, skipping: false };
  return session;
}

/** The cell now running, if any. */
export function currentCell(): string | undefined {
  return state?.session.cell || undefined;
}

function get(): State {
  if (!state) throw new Error("cell hooks used before configureCells()");
  return state;
}

/** Called by the generated module at each cell's fences. */
export const nb = {
  /** Starts a cell; false if the lab lacks what it requires (the cell is then skipped). */
  begin(cell: string): boolean {
    const s = get();
    const plan = s.cells[cell];
    s.session.cell = cell;
    s.session.expectError = plan.expectError;
    s.session.failed = false;
    s.started = performance.now();
    s.emit({ t: "cell-start", cell });
    s.session.runner.beginCell(cell);
    const missing = plan.requires.filter((c) => !s.session.runner.capabilities.has(c));
    s.skipping = missing.length > 0;
    if (s.skipping) {
      const why = missing.map((c) => PROBES[c].missing).join(", ");
      s.emit({ t: "cell-end", cell, status: "skipped", ms: 0, note: `this lab lacks ${why}` });
    }
    return !s.skipping;
  },

  async end(cell: string): Promise<void> {
    const s = get();
    if (s.skipping) {
      s.skipping = false;
      return;
    }
    if (s.session.expectError && !s.session.failed) {
      throw new Error(
        `cell "${cell}" is marked expect-error, but nothing in it failed. ` +
          "Remove expect-error, or check that the cell still shows the failure it teaches.",
      );
    }
    await s.session.runner.endCell(cell);
    const ms = Math.round(performance.now() - s.started);
    s.emit({ t: "cell-end", cell, status: s.session.expectError ? "expected-error" : "ok", ms });
    s.session.cell = "";
  },

  /** A cell with the `skip` option. */
  skip(cell: string): void {
    const s = get();
    s.emit({ t: "cell-start", cell });
    s.emit({ t: "cell-end", cell, status: "skipped", ms: 0, note: "marked skip" });
  },
};
