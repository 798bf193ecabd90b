import { type Capability, labThatHas, missingText } from "../capability/registry.ts";
import type { Runner } from "../lab/runner.ts";
import type { CellEvent } from "./events.ts";
import { type Session, setSession } from "./session.ts";

/** What a cell's fence lines say, as the hooks need it. */
export interface CellPlan {
  line: number;
  expectError: boolean;
  requires: Capability[];
}

interface State {
  session: Session;
  cells: Record<string, CellPlan>;
  started: number;
  skipping: boolean;
  /** The kind of lab the cells run in ("netns", "vm"); undefined on replay. */
  lab?: string;
}

let state: State | undefined;

/** Sets up the session the generated module's cells run in. */
export function configureCells(
  runner: Runner,
  emit: (event: CellEvent) => void | Promise<void>,
  cells: Record<string, CellPlan>,
  lab?: string,
): Session {
  const session: Session = {
    runner,
    emit,
    cell: "",
    expectError: false,
    failed: false,
    unawaited: new Map(),
    reads: new Map(),
  };
  setSession(session);
  state = { session, cells, started: 0, skipping: false, lab };
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

/** A command built with $`...` but never awaited ran nothing: that is a mistake to name. */
function checkAwaited(s: Session, cell: string): void {
  const sites = [...s.unawaited.values()];
  s.unawaited.clear();
  if (!sites.length) return;
  const error = new Error(
    `cell "${cell}" built ${sites.length === 1 ? "a command" : `${sites.length} commands`} ` +
      "with $`...` and never awaited " + (sites.length === 1 ? "it" : "them") +
      ", so nothing ran. Write `await $`...``.",
  );
  // The first forgotten call's frames, so that the failure points at its line.
  Object.assign(error, { site: sites[0] });
  throw error;
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
    s.session.unawaited.clear();
    s.session.reads.clear();
    s.session.captures = 0;
    s.started = performance.now();
    s.session.emit({ t: "cell-start", cell });
    s.session.runner.beginCell(cell);
    const missing = plan.requires.filter((c) => !s.session.runner.capabilities.has(c));
    s.skipping = missing.length > 0;
    if (s.skipping) {
      const why = missing.map(missingText).join(", ");
      const elsewhere = labThatHas(missing, s.lab);
      s.session.emit({
        t: "cell-end",
        cell,
        status: "skipped",
        ms: 0,
        note: `this lab lacks ${why}` +
          (elsewhere ? `; the ${elsewhere} lab has it: run with --backend ${elsewhere}` : ""),
        ...(elsewhere ? { elsewhere } : {}),
      });
    }
    return !s.skipping;
  },

  async end(cell: string): Promise<void> {
    const s = get();
    if (s.skipping) {
      s.skipping = false;
      return;
    }
    checkAwaited(s.session, cell);
    if (s.session.expectError && !s.session.failed) {
      throw new Error(
        `cell "${cell}" is marked expect-error, but nothing in it failed. ` +
          "Remove expect-error, or check that the cell still shows the failure it teaches.",
      );
    }
    await s.session.runner.endCell(cell);
    const ms = Math.round(performance.now() - s.started);
    await s.session.emit({
      t: "cell-end",
      cell,
      status: s.session.expectError ? "expected-error" : "ok",
      ms,
    });
    s.session.cell = "";
  },

  /** A cell with the `skip` option. */
  skip(cell: string): void {
    const s = get();
    s.session.emit({ t: "cell-start", cell });
    s.session.emit({ t: "cell-end", cell, status: "skipped", ms: 0, note: "marked skip" });
  },
};
