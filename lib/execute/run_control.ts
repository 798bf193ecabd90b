import type { Notebook } from "../notebook/model.ts";
import type { Lab } from "../lab/backend.ts";
import type { Mode } from "../cell/runner.ts";
import type { VerdictData } from "../cell/verdict.ts";

/**
 * What whoever steers a run (step mode, the lab shell) can do while the notebook waits at a
 * gate: look into the live lab, and ask the notebook process for an exercise's check or its
 * hint from the lab (they run there, in the notebook's scope, through the run's runner).
 */
export interface RunControl {
  /** The notebook running. */
  readonly notebook: Notebook;
  /** How it runs. */
  readonly mode: Mode;
  /** The live lab (live and record modes). */
  readonly lab?: Lab;
  /** Runs exercise `name`'s check on the lab as it is now. */
  check(name: string): Promise<VerdictData>;
  /** Exercise `name`'s hint computed from the lab as it is now, if it has one. */
  hint(name: string): Promise<string | undefined>;
}

/**
 * Asked before each cell of a steered run (`cell`), and once at its end (`cell` undefined):
 * resolves true to run the cell, false to skip it (the answer at the end is not used).
 */
export type Gate = (cell: string | undefined, control: RunControl) => Promise<boolean>;
