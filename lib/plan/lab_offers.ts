import { CAPABILITIES, type LabOffer } from "../capability/registry.ts";
import type { Offer } from "./plan_run.ts";

/**
 * The kinds of lab besides the default one, each with every capability it can have, as data
 * (it crosses to the notebook process): where a skipped cell says its capabilities are found.
 */
export function labOffers(backends: readonly Offer[]): LabOffer[] {
  return backends.slice(1).map((b) => ({
    kind: b.kind,
    supplies: CAPABILITIES.filter((c) => b.supplies(c)),
  }));
}
