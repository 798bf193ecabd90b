import { type Capability, missingText } from "../capability/registry.ts";
import { CapabilityMissingError } from "../lab/errors.ts";
import { FixtureMissingError } from "../fixture/errors.ts";
import type { BackendInfo } from "../lab/backend.ts";
import type { Mode } from "../cell/runner.ts";
import { recordCommand } from "../fixture/paths.ts";

/** What is known about this machine and this notebook when a run starts. */
export interface ModeFacts {
  requested: "auto" | Mode;
  notebook: string;
  /** The lab that started here, or why none could. */
  lab: { info: BackendInfo } | { reason: string };
  /** Capabilities the whole notebook requires that the lab lacks (empty if none or unknown). */
  missing: Capability[];
  fixtureExists: boolean;
  /** Why the lab is not the default kind (the micro-VM has what this machine lacks). */
  via?: string;
  /** Why no other kind of lab could run the notebook either, when this one falls short. */
  note?: string;
}

export interface ModeChoice {
  mode: Mode;
  reason: string;
}

/** In words: what kind of lab this is, and that it leaves the machine alone. */
export function describeLab(info: BackendInfo): string {
  if (info.kind === "netns") {
    return `${
      info.rootless ? "rootless" : "as root"
    }, in a sandbox of private namespaces; nothing on this machine changes`;
  }
  if (info.kind === "vm") {
    const accel = info.accel === "kvm" ? ", KVM" : info.accel === "tcg" ? ", emulated by qemu" : "";
    return `in a micro-VM (Linux ${info.kernel ?? "?"}${accel}); nothing on this machine changes`;
  }
  if (info.kind === "ssh") {
    return `on ${info.host ?? "another machine"} over SSH (Linux ${
      info.kernel ?? "?"
    }), in a sandbox of private namespaces; nothing on that machine changes`;
  }
  return `in a ${info.kind} lab`;
}

/** Chooses live, record or replay, and says why. Pure; throws when nothing can run. */
export function chooseMode(f: ModeFacts): ModeChoice {
  const lacking = "reason" in f.lab
    ? f.lab.reason
    : f.missing.length
    ? `this machine lacks ${f.missing.map(missingText).join(", ")}`
    : undefined;
  const why = lacking && f.note ? `${lacking} (and ${f.note})` : lacking;
  const described = "info" in f.lab ? describeLab(f.lab.info) : "";
  const live = f.via ? `${f.via}: ${described}` : described;
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
