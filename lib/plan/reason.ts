/**
 * Why a run has the mode and the lab it has, as data: each reason names a message of the
 * catalogue (lib/i18n/messages.ts) and carries what that message says, so the same decision
 * reads in English or in Chinese (renderReason).
 */
import type { Capability } from "../capability/registry.ts";
import type { BackendInfo } from "../lab/backend.ts";

/** Why a lab cannot run the notebook. */
export type Shortfall =
  /** The run was given no kind of lab to start. */
  | { key: "planNoBackend" }
  /** The lab did not start; `text` is its own words (they come from the backend, untranslated). */
  | { key: "planLabSaid"; text: string }
  /** The lab started, and lacks these capabilities the whole notebook requires. */
  | { key: "planMachineLacks"; missing: Capability[] };

/** Why another kind of lab could not help either. */
export type Note =
  | { key: "planOtherCannotRun"; kind: string; text: string }
  | { key: "planOtherDidNotStart"; kind: string; text: string }
  | { key: "planOtherLacksToo"; kind: string; missing: Capability[] };

/** Why a run uses another kind of lab than the default. */
export type Via =
  | { key: "planViaCannotStart"; kind: string; text: string }
  | { key: "planViaLacks"; kind: string; missing: Capability[]; other: string };

/** Why the mode was chosen: what the mode line says after the mode. */
export type Reason =
  /** A notebook of narrative only. */
  | { key: "planNoCells" }
  /** Replay was asked for. */
  | { key: "planReplayAsked" }
  /** A live lab runs the notebook (`via`: why it is not the default kind). */
  | { key: "planLive"; lab: BackendInfo; via?: Via }
  /** No lab can run the notebook, and its recording can. */
  | { key: "planReplayFallback"; why: Shortfall; notes: Note[] };

/** Why nothing can run the notebook: what the error says. */
export type Failure =
  /** Replay was asked for and there is no recording (a FixtureMissingError). */
  | { key: "planNoRecording"; notebook: string; record: string }
  /** Live or record was asked for and no lab can run it (a CapabilityMissingError). */
  | { key: "planCannotRunLive"; notebook: string; why: Shortfall; notes: Note[] }
  /** No lab can run it and there is no recording (a CapabilityMissingError). */
  | {
    key: "planCannotRunNoRecording";
    notebook: string;
    why: Shortfall;
    notes: Note[];
    record: string;
  };
