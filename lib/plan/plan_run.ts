/**
 * Planning a run, in one pure step: from what the notebook needs, what each kind of lab offers,
 * what was asked for and what the probes so far found, either the next thing to find out (start
 * and probe a lab, or ask a backend whether it can run here) or the decision (the mode, the lab,
 * and why, as data). openRunner calls it in a loop, doing what it asks, until it decides.
 */
import type { Capability } from "../capability/registry.ts";
import type { Mode } from "../cell/runner.ts";
import { recordCommand } from "../fixture/paths.ts";
import type { BackendInfo, BackendSupport } from "../lab/backend.ts";
import type { Notebook } from "../notebook/model.ts";
import type { Failure, Note, Reason, Shortfall, Via } from "./reason.ts";

/** What a kind of lab offers, as planning sees it (a LabBackend is one). */
export interface Offer {
  /** Its name: netns, vm ... */
  readonly kind: string;
  /** Whether a lab of this kind can have `capability` at all (the VM brings its own kernel). */
  supplies(capability: Capability): boolean;
}

/** What starting and probing a lab found: what it is and has, or why it did not start. */
export type ProbeFact =
  | { info: BackendInfo; capabilities: ReadonlySet<Capability> }
  | { reason: string };

/** What a run needs: the whole notebook's capabilities, and with the cells' own ones too. */
export interface Needs {
  /** What the whole notebook requires (a lab lacking one cannot run it). */
  notebook: Capability[];
  /** That and what some cells require (probed, so those cells can be skipped). */
  all: Capability[];
}

/** Everything planning reads. */
export interface PlanFacts<B extends Offer = Offer> {
  /** The notebook's path, for messages. */
  notebook: string;
  /** How many cells it has (none: nothing runs). */
  cells: number;
  needs: Needs;
  /** The mode asked for. */
  requested: "auto" | Mode;
  /** The kinds of lab the run may use, the default first. */
  backends: readonly B[];
  /** The one kind of lab asked for (`--backend`): it is the only one tried. */
  explicit?: B;
  /** Whether the notebook has a recording. */
  fixtureExists: boolean;
  /** What backends said when asked whether they can run here, so far. */
  supports: ReadonlyMap<B, BackendSupport>;
  /** What probing their labs found, so far. */
  probes: ReadonlyMap<B, ProbeFact>;
}

/** What planning says: find out one more thing, or the decision, or that nothing can run. */
export type Plan<B extends Offer = Offer> =
  /** Start a lab of `backend` and probe it for `wanted`; plan again with what it found. */
  | { step: "probe"; backend: B; wanted: Capability[] }
  /** Ask `backend` whether it can run here (cheap, no lab); plan again with its answer. */
  | { step: "support"; backend: B }
  /** Run in `mode`: live and record in a lab of `backend`; replay from the recording. */
  | { step: "run"; mode: Mode; backend?: B; reason: Reason }
  /** Nothing can run the notebook. */
  | { step: "fail"; error: "capability" | "fixture"; failure: Failure };

/** What a notebook needs: every live run needs namespaces (and so iproute2); cells may add more. */
export function needsOf(notebook: Notebook): Needs {
  const whole = [...new Set<Capability>(["netns", ...notebook.meta.requires])];
  const cells = notebook.cells.flatMap((c) => c.options.requires);
  return { notebook: whole, all: [...new Set([...whole, ...cells])] };
}

/** What of the notebook's needs a probed lab lacks (none when it did not start). */
function lacking(probe: ProbeFact, needs: Needs): Capability[] {
  return "capabilities" in probe ? needs.notebook.filter((c) => !probe.capabilities.has(c)) : [];
}

/** The lab to run in, or why there is none; or the next thing to find out. */
type LabChoice<B extends Offer> =
  | { backend: B; info: BackendInfo; via?: Via }
  | { backend?: B; why: Shortfall; notes: Note[] }
  | Plan<B>;

/**
 * The default lab (or the one asked for) when it can run the notebook; otherwise, when the lab is
 * left to choose, the first other kind that can: one that supplies every capability the default
 * lab lacks (the micro-VM brings its own kernel), or any that starts where the default cannot.
 * Other kinds are asked whether they can run here before a lab of theirs is started.
 */
function chooseLab<B extends Offer>(f: PlanFacts<B>): LabChoice<B> {
  const first = f.explicit ?? f.backends[0];
  if (!first) return { why: { key: "planNoBackend" }, notes: [] };
  const probe = f.probes.get(first);
  if (!probe) return { step: "probe", backend: first, wanted: f.needs.all };
  const missing = lacking(probe, f.needs);
  if ("info" in probe && missing.length === 0) return { backend: first, info: probe.info };
  const notes: Note[] = [];
  for (const other of f.explicit ? [] : f.backends.slice(1)) {
    if (missing.some((c) => !other.supplies(c))) continue;
    const support = f.supports.get(other);
    if (!support) return { step: "support", backend: other };
    if (!support.ok) {
      notes.push({ key: "planOtherCannotRun", kind: other.kind, text: support.reason });
      continue;
    }
    const alt = f.probes.get(other);
    if (!alt) return { step: "probe", backend: other, wanted: f.needs.all };
    const lacks = lacking(alt, f.needs);
    if ("info" in alt && lacks.length === 0) {
      const via: Via = "reason" in probe
        ? { key: "planViaCannotStart", kind: first.kind, text: probe.reason }
        : { key: "planViaLacks", kind: first.kind, missing, other: other.kind };
      return { backend: other, info: alt.info, via };
    }
    notes.push(
      "reason" in alt
        ? { key: "planOtherDidNotStart", kind: other.kind, text: alt.reason }
        : { key: "planOtherLacksToo", kind: other.kind, missing: lacks },
    );
  }
  const why: Shortfall = "reason" in probe
    ? { key: "planLabSaid", text: probe.reason }
    : { key: "planMachineLacks", missing };
  return { backend: first, why, notes };
}

/**
 * The next step of planning a run. Pure: it starts nothing; it asks for what it needs to know
 * (a probe, a backend's support) one thing at a time, the default lab first, and decides once it
 * knows enough. Live and record need a lab that has every capability the whole notebook
 * requires; auto runs live when there is one, else replays the recording, else fails.
 */
export function planRun<B extends Offer>(f: PlanFacts<B>): Plan<B> {
  if (f.cells === 0) return { step: "run", mode: "replay", reason: { key: "planNoCells" } };
  const record = recordCommand(f.notebook);
  if (f.requested === "replay") {
    if (!f.fixtureExists) {
      return {
        step: "fail",
        error: "fixture",
        failure: { key: "planNoRecording", notebook: f.notebook, record },
      };
    }
    return { step: "run", mode: "replay", reason: { key: "planReplayAsked" } };
  }
  const lab = chooseLab(f);
  if ("step" in lab) return lab;
  if ("info" in lab) {
    const reason: Reason = { key: "planLive", lab: lab.info, ...(lab.via ? { via: lab.via } : {}) };
    const mode = f.requested === "auto" ? "live" : f.requested;
    return { step: "run", mode, backend: lab.backend, reason };
  }
  const { why, notes } = lab;
  if (f.requested === "live" || f.requested === "record") {
    return {
      step: "fail",
      error: "capability",
      failure: { key: "planCannotRunLive", notebook: f.notebook, why, notes },
    };
  }
  if (f.fixtureExists) {
    return { step: "run", mode: "replay", reason: { key: "planReplayFallback", why, notes } };
  }
  return {
    step: "fail",
    error: "capability",
    failure: { key: "planCannotRunNoRecording", notebook: f.notebook, why, notes, record },
  };
}
