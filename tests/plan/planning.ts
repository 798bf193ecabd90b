/** Drives the pure planner over a made-up machine, as openRunner would, without starting anything. */
import type { Capability } from "../../lib/capability/registry.ts";
import type { BackendInfo, BackendSupport } from "../../lib/lab/backend.ts";
import {
  type Offer,
  type Plan,
  type PlanFacts,
  planRun,
  type ProbeFact,
} from "../../lib/plan/plan_run.ts";

/** A made-up kind of lab: what it may have, what its lab here has, or why it cannot run. */
export interface FakeKind extends Offer {
  /** What a lab of this kind here has (probed). */
  has: Capability[];
  /** Why its lab does not start (the probe's reason). */
  refuses?: string;
  /** Why it cannot run here at all (its support()). */
  unsupported?: string;
  info?: BackendInfo;
}

/** A kind of lab that supplies `supplies` (everything when absent). */
export function kind(
  name: string,
  o: Partial<Omit<FakeKind, "kind" | "supplies">> & { supplies?: Capability[] } = {},
): FakeKind {
  return {
    kind: name,
    has: o.has ?? [],
    ...(o.refuses ? { refuses: o.refuses } : {}),
    ...(o.unsupported ? { unsupported: o.unsupported } : {}),
    info: o.info ?? { kind: name, rootless: false },
    supplies: (c) => o.supplies === undefined || o.supplies.includes(c),
  };
}

/** What planning asked for on the way, in order ("probe netns", "support vm"), and its end. */
export interface Settled {
  steps: string[];
  plan: Exclude<Plan<FakeKind>, { step: "probe" | "support" }>;
}

/** Plans until a decision, answering each probe and support question from the made-up kinds. */
export function settle(
  facts: Omit<PlanFacts<FakeKind>, "supports" | "probes" | "notebook" | "cells"> & {
    notebook?: string;
    cells?: number;
  },
): Settled {
  const supports = new Map<FakeKind, BackendSupport>();
  const probes = new Map<FakeKind, ProbeFact>();
  const steps: string[] = [];
  for (let i = 0; i < 20; i++) {
    const plan = planRun({
      notebook: "notebooks/05-ipip.md",
      cells: 1,
      ...facts,
      supports,
      probes,
    });
    if (plan.step === "probe") {
      steps.push(`probe ${plan.backend.kind}`);
      const b = plan.backend;
      probes.set(
        b,
        b.refuses ? { reason: b.refuses } : {
          info: b.info!,
          capabilities: new Set(plan.wanted.filter((c) => b.has.includes(c))),
        },
      );
    } else if (plan.step === "support") {
      steps.push(`support ${plan.backend.kind}`);
      const b = plan.backend;
      supports.set(
        b,
        b.unsupported ? { ok: false, reason: b.unsupported } : { ok: true, info: b.info! },
      );
    } else return { steps, plan };
  }
  throw new Error("planning did not settle in 20 steps");
}
