import { type Capability, type LabOffer, labThatHas, missingText } from "../capability/registry.ts";
import type { CellRole } from "../notebook/cell_options.ts";
import type { Runner } from "./runner.ts";
import type { CellEvent } from "./events.ts";
import { type Session, setSession } from "./session.ts";
import { checkAwaited } from "./check_awaited.ts";
import { isSolved, Verdict, type VerdictData, verdictText } from "./verdict.ts";
import { ANSWER_MIME, hintBundle } from "./exercise_bundles.ts";
import { DISPLAY } from "../render/mime.ts";
import { knownLang, messagesIn } from "../i18n/messages.ts";

/** What a cell's fence lines say, as the hooks need it. */
export interface CellPlan {
  line: number;
  expectError: boolean;
  requires: Capability[];
  /** The cell checks, hints, solves (an exercise) or answers (a question). */
  role?: CellRole;
  /** An answer cell's question's choices: what the lab says must be one of them. */
  choices?: string[];
}

/**
 * What a check or a hint says: one text, or the same text in each language of the notebook's
 * editions (`{ en: "...", zh: "..." }`), so that a translation, whose cells are the original's
 * byte for byte, speaks its reader's language.
 */
export type Said = string | Readonly<Record<string, string>>;

/** The text of `said` for a reader of `lang`: that language's, else English, else the first. */
export function saidIn(said: Said, lang = "en"): string {
  if (typeof said === "string") return said;
  return said[lang] ?? said[lang.split("-")[0]!] ?? said.en ?? Object.values(said)[0] ?? "";
}

/**
 * How a check says what it found: `claim(ok, whatHolds, whatIsMissing)` records one finding
 * (the first text when `ok` is truthy, the second when not) and returns whether it holds.
 */
export type Claim = (ok: unknown, holds: Said, missing: Said) => boolean;

/** An exercise's check: looks at the lab and makes claims. */
export type CheckFunction = (claim: Claim) => Promise<void>;
/** A hint computed from the lab: what to look at next, or nothing. */
export type HintFunction = () => Promise<Said | undefined | void>;

/** How cells are run around exercises and gates. */
export interface CellsOptions {
  /**
   * A run that checks itself (the notebook process without gates): an exercise's check must
   * fail before its solution and its computed hint must say something.
   */
  strict?: boolean;
  /** Asked before each cell whether to run it (step mode, the lab shell); false skips it. */
  gate?: (cell: string) => Promise<boolean>;
  /** The kind of lab the cells run in ("netns", "vm"); undefined on replay. */
  lab?: string;
  /** The other kinds of lab the run could use: a skipped cell names one that has what it lacks. */
  elsewhere?: readonly LabOffer[];
  /** The notebook's language: what checks and hints say is said in it (`Said`). */
  lang?: string;
}

interface State {
  session: Session;
  cells: Record<string, CellPlan>;
  started: number;
  skipping: boolean;
  /** The kind of lab the cells run in ("netns", "vm"); undefined on replay. */
  lab?: string;
  checks: Map<string, CheckFunction>;
  hints: Map<string, HintFunction>;
  options: CellsOptions;
}

let state: State | undefined;

/** Sets up the session the generated module's cells run in. */
export function configureCells(
  runner: Runner,
  emit: (event: CellEvent) => void | Promise<void>,
  cells: Record<string, CellPlan>,
  options: CellsOptions = {},
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
  state = {
    session,
    cells,
    started: 0,
    skipping: false,
    lab: options.lab,
    checks: new Map(),
    hints: new Map(),
    options,
  };
  return session;
}

/**
 * Runs exercise `name`'s check on the lab as it is now, quietly (its commands are not shown):
 * what holds and what is missing, or why it could not look.
 */
export async function runCheck(name: string): Promise<VerdictData> {
  const s = get();
  const check = s.checks.get(name);
  if (!check) {
    return {
      exercise: name,
      findings: [],
      error: `exercise ${name} has no check defined yet (its check cell has not run)`,
    };
  }
  const findings: VerdictData["findings"] = [];
  const claim: Claim = (ok, holds, missing) => {
    findings.push({ ok: Boolean(ok), text: saidIn(ok ? holds : missing, s.options.lang) });
    return Boolean(ok);
  };
  const quiet = s.session.quiet;
  const expectError = s.session.expectError;
  s.session.quiet = true;
  s.session.expectError = false;
  // The lab may have changed by other hands since the last read (the lab shell, Jupyter).
  s.session.reads.clear();
  try {
    await check(claim);
    return { exercise: name, findings, lang: s.options.lang };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { exercise: name, findings, error, lang: s.options.lang };
  } finally {
    s.session.quiet = quiet;
    s.session.expectError = expectError;
    s.session.reads.clear();
  }
}

/** Exercise `name`'s hint computed from the lab as it is now, if it has one. */
export async function labHint(name: string): Promise<string | undefined> {
  const s = get();
  const hint = s.hints.get(name);
  if (!hint) return undefined;
  const quiet = s.session.quiet;
  s.session.quiet = true;
  s.session.reads.clear();
  try {
    const said = await hint();
    return said ? saidIn(said, s.options.lang).trim() || undefined : undefined;
  } finally {
    s.session.quiet = quiet;
    s.session.reads.clear();
  }
}

/** A value that stands for a declaration of a skipped cell: any use says which cell it was. */
function skippedValue(name: string, cell: string): unknown {
  const fail = (): never => {
    throw new ReferenceError(
      `${name} was never set: cell "${cell}", which declares it, was skipped`,
    );
  };
  return new Proxy(function () {}, {
    get: fail,
    set: fail,
    has: fail,
    apply: fail,
    construct: fail,
    ownKeys: fail,
    defineProperty: fail,
    deleteProperty: fail,
    getOwnPropertyDescriptor: fail,
  });
}

/** The cell now running, if any. */
export function currentCell(): string | undefined {
  return state?.session.cell || undefined;
}

function get(): State {
  if (!state) throw new Error("cell hooks used before configureCells()");
  return state;
}

/** The plan of cell `cell`, which the generated module passed to configureCells(). */
function planOf(s: State, cell: string): CellPlan {
  const plan = s.cells[cell];
  if (!plan) {
    throw new Error(
      `cell "${cell}" has no plan: the generated module was not built with it (regenerate it)`,
    );
  }
  return plan;
}

/** The check of a solution cell's exercise, shown under the cell. */
async function checkAround(s: State, cell: string, name: string, when: "before" | "after") {
  const verdict = { ...await runCheck(name), when };
  await s.session.emit({ t: "display", cell, bundle: new Verdict(verdict)[DISPLAY]() });
  return verdict;
}

/** Before a solution: the check must find the exercise unsolved; the hint from the lab shows. */
async function beforeSolution(s: State, cell: string, name: string): Promise<void> {
  const verdict = await checkAround(s, cell, name, "before");
  if (s.options.strict && isSolved(verdict)) {
    throw new Error(
      `exercise ${name}: its check already passes before the solution ran, so it cannot tell ` +
        "an unsolved lab from a solved one. Make the check look for what the solution changes.",
    );
  }
  if (!s.hints.has(name)) return;
  const hint = await labHint(name);
  if (s.options.strict && !hint) {
    throw new Error(
      `exercise ${name}: its hint from the lab said nothing about the unsolved lab`,
    );
  }
  if (hint) {
    await s.session.emit({ t: "display", cell, bundle: hintBundle(name, hint, s.options.lang) });
  }
}

/**
 * Before a solution cell's code: its exercise's check must find the lab unsolved (shown under
 * the cell), and its hint from the lab shows. Nothing for other cells.
 */
export async function solutionBegins(cell: string): Promise<void> {
  const s = get();
  const role = s.cells[cell]?.role;
  if (role?.kind === "solution") await beforeSolution(s, cell, role.name);
}

/** After a solution cell's code: its exercise's check must pass (shown under the cell). */
export async function solutionEnds(cell: string): Promise<void> {
  const s = get();
  const role = s.cells[cell]?.role;
  if (role?.kind !== "solution") return;
  const verdict = await checkAround(s, cell, role.name, "after");
  if (!isSolved(verdict)) {
    throw new Error(
      `the solution of exercise ${role.name} does not pass its check:\n${verdictText(verdict)}`,
    );
  }
}

/** Called by the generated module at each cell's fences. */
export const nb = {
  /** Asks whoever steers the run whether cell `cell` runs (step mode); true without a gate. */
  async gate(cell: string): Promise<boolean> {
    const s = get();
    if (!s.options.gate) return true;
    const go = await s.options.gate(cell);
    if (!go) {
      s.session.emit({ t: "cell-start", cell });
      s.session.emit({ t: "cell-end", cell, status: "skipped", ms: 0, note: "you skipped it" });
    }
    return go;
  },

  /** Stand-ins for the declarations of a cell that was skipped in step mode. */
  skipped(names: string[], cell: string): unknown[] {
    return names.map((name) => skippedValue(name, cell));
  },

  /** Defines exercise `name`'s check (a ```ts check=NAME cell). */
  defineCheck(name: string, check: CheckFunction): void {
    get().checks.set(name, check);
  },

  /** Defines exercise `name`'s hint from the lab (a ```ts hint=NAME cell). */
  defineHint(name: string, hint: HintFunction): void {
    get().hints.set(name, hint);
  },

  /** Runs a question's answer cell's code and shows what the lab says. */
  async answer(cell: string, reveal: () => Promise<unknown>): Promise<void> {
    const s = get();
    const plan = planOf(s, cell);
    const value = String(await reveal()).trim();
    const question = plan.role?.name ?? cell;
    if (s.options.strict && plan.choices?.length && !plan.choices.includes(value)) {
      throw new Error(
        `question ${question}: the lab says "${value}", which is not one of its choices ` +
          `(${plan.choices.join(", ")})`,
      );
    }
    await s.session.emit({
      t: "display",
      cell,
      bundle: {
        "text/plain": messagesIn(knownLang(s.options.lang) ?? "en").labSays(value),
        [ANSWER_MIME]: JSON.stringify({ question, value }),
      },
    });
  },

  /** Starts a cell; false if the lab lacks what it requires (the cell is then skipped). */
  async begin(cell: string): Promise<boolean> {
    const s = get();
    const plan = planOf(s, cell);
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
      const elsewhere = labThatHas(missing, s.lab, s.options.elsewhere);
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
    if (!s.skipping) await solutionBegins(cell);
    return !s.skipping;
  },

  async end(cell: string): Promise<void> {
    const s = get();
    if (s.skipping) {
      s.skipping = false;
      return;
    }
    checkAwaited(s.session, cell);
    await solutionEnds(cell);
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
