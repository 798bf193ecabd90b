import type { Capability } from "../capability/registry.ts";
import type { LabBackend } from "../lab/backend.ts";
import { type LabProbe, probeLab } from "../lab/probe_lab.ts";

/** The lab a run gets when its backend is "auto", and why it is not the default one. */
export interface PickedLab {
  backend: LabBackend;
  probe: LabProbe;
  /** Why another backend than the default runs the notebook (for the mode line). */
  via?: string;
  /** Why no other backend could help either, when the default one falls short. */
  note?: string;
}

export interface PickOptions {
  /** The kinds of lab to choose from, the default first (at least one). */
  backends: readonly LabBackend[];
  /** Capabilities the whole notebook requires, and those some cells require. */
  needs: { all: Capability[]; notebook: Capability[] };
  onProgress?: (message: string) => void;
}

function list(words: string[]): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/**
 * The default backend (netns) when it can run the notebook; otherwise the first other backend
 * that can: one that supplies every capability the default lab lacks (the micro-VM brings its own
 * kernel), or any that starts where the default lab cannot start at all. Every lab started here
 * but not chosen is closed.
 */
export async function pickLab(o: PickOptions): Promise<PickedLab> {
  const [first, ...others] = o.backends;
  if (!first) throw new TypeError("pickLab needs at least one kind of lab to choose from");
  const probe = await probeLab(first, o.needs.all, { keep: true, onProgress: o.onProgress });
  const missing = "capabilities" in probe
    ? o.needs.notebook.filter((c) => !probe.capabilities.has(c))
    : [];
  if ("capabilities" in probe && missing.length === 0) return { backend: first, probe };
  const notes: string[] = [];
  for (const other of others) {
    if (missing.some((c) => !other.supplies(c))) continue;
    const support = await other.support();
    if (!support.ok) {
      notes.push(`the ${other.kind} lab cannot run here either: ${support.reason}`);
      continue;
    }
    const alt = await probeLab(other, o.needs.all, { keep: true, onProgress: o.onProgress });
    const lacks = "capabilities" in alt
      ? o.needs.notebook.filter((c) => !alt.capabilities.has(c))
      : [];
    if ("capabilities" in alt && lacks.length === 0) {
      if ("lab" in probe) await probe.lab?.close();
      const via = "reason" in probe
        ? `the ${first.kind} lab cannot start here (${probe.reason}), so it runs elsewhere`
        : `the ${first.kind} lab here lacks ${list(missing)}, which the ${other.kind} lab has`;
      return { backend: other, probe: alt, via };
    }
    if ("lab" in alt) await alt.lab?.close();
    notes.push(
      "reason" in alt
        ? `the ${other.kind} lab did not start: ${alt.reason}`
        : `the ${other.kind} lab lacks ${list(lacks)} too`,
    );
  }
  return { backend: first, probe, ...(notes.length ? { note: notes.join("; ") } : {}) };
}
