import type { Capability } from "../notebook/front_matter.ts";
import { PROBES } from "../lab/capabilities.ts";
import { CapabilityMissingError, FixtureMissingError } from "../lab/errors.ts";
import type { Mode } from "../lab/runner.ts";
import { recordCommand } from "../fixture/paths.ts";

/** What is known about this machine and this notebook when a run starts. */
export interface ModeFacts {
  requested: "auto" | Mode;
  notebook: string;
  /** The sandbox that can run here, or why none can. */
  sandbox: { kind: "root" | "rootless" } | { reason: string };
  /** Capabilities the whole notebook requires that the lab lacks (empty if none or unknown). */
  missing: Capability[];
  fixtureExists: boolean;
}

export interface ModeChoice {
  mode: Mode;
  reason: string;
}

/** Chooses live, record or replay, and says why. Pure; throws when nothing can run. */
export function chooseMode(f: ModeFacts): ModeChoice {
  const why = "reason" in f.sandbox
    ? f.sandbox.reason
    : f.missing.length
    ? `this machine lacks ${f.missing.map((c) => PROBES[c].missing).join(", ")}`
    : undefined;
  const live = "kind" in f.sandbox
    ? `${
      f.sandbox.kind === "root" ? "running as root" : "rootless, in a user namespace"
    }; the lab is a private set of namespaces, nothing on this host changes`
    : "";
  if (f.requested === "replay") {
    if (!f.fixtureExists) {
      throw new FixtureMissingError(
        `${f.notebook} has no recording to replay. Record it: ${recordCommand(f.notebook)}`,
      );
    }
    return { mode: "replay", reason: "as asked: answers come from the recording" };
  }
  if (f.requested === "live" || f.requested === "record") {
    if (why) throw new CapabilityMissingError(`${f.notebook} cannot run live: ${why}`);
    return { mode: f.requested, reason: live };
  }
  if (!why) return { mode: "live", reason: live };
  if (f.fixtureExists) {
    return { mode: "replay", reason: `${why}, so this run replays the recording` };
  }
  throw new CapabilityMissingError(
    `${f.notebook} cannot run live (${why}) and has no recording to replay yet. ` +
      `Record it where the lab can run: ${recordCommand(f.notebook)}`,
  );
}
