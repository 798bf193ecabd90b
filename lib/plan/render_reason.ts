/**
 * A plan's reasons in words, in the language of the catalogue given (lib/i18n/messages.ts).
 * Pure: the same reason reads "as asked: answers come from the recording" or
 * "按要求：结果来自录制".
 */
import { type Capability, REGISTRY } from "../capability/registry.ts";
import type { Messages } from "../i18n/messages.ts";
import type { BackendInfo } from "../lab/backend.ts";
import type { Failure, Note, Reason, Shortfall, Via } from "./reason.ts";

/** What a lab lacking `capability` is missing, in words that say how to get it. */
function missing(c: Capability, m: Messages): string {
  const spec = REGISTRY[c];
  return m.planCapability(c, spec.module, spec.package);
}

/** In words: what kind of lab this is, and that it leaves the machine alone. */
export function describeLab(info: BackendInfo, m: Messages): string {
  const kernel = typeof info.kernel === "string" ? info.kernel : "?";
  if (info.kind === "netns") return m.planLabNetns(info.rootless === true);
  if (info.kind === "vm") return m.planLabVm(kernel, String(info.accel ?? ""));
  if (info.kind === "ssh") {
    return m.planLabSsh(typeof info.host === "string" ? info.host : undefined, kernel);
  }
  return m.planLabOther(info.kind);
}

function via(v: Via, m: Messages): string {
  return v.key === "planViaCannotStart"
    ? m.planViaCannotStart(v.kind, v.text)
    : m.planViaLacks(v.kind, m.planList(v.missing), v.other);
}

function note(n: Note, m: Messages): string {
  if (n.key === "planOtherCannotRun") return m.planOtherCannotRun(n.kind, n.text);
  if (n.key === "planOtherDidNotStart") return m.planOtherDidNotStart(n.kind, n.text);
  return m.planOtherLacksToo(n.kind, m.planList(n.missing));
}

/** Why no lab can run the notebook, with why no other kind could help either. */
function shortfall(why: Shortfall, notes: Note[], m: Messages): string {
  const text = why.key === "planNoBackend"
    ? m.planNoBackend
    : why.key === "planLabSaid"
    ? why.text
    : m.planMachineLacks(why.missing.map((c) => missing(c, m)));
  return notes.length
    ? m.planAndNotes(text, notes.map((n) => note(n, m)).join(m.planNoteSeparator))
    : text;
}

/** Why the mode was chosen, for the mode line. */
export function renderReason(reason: Reason, m: Messages): string {
  switch (reason.key) {
    case "planNoCells":
      return m.planNoCells;
    case "planReplayAsked":
      return m.planReplayAsked;
    case "planLive": {
      const described = describeLab(reason.lab, m);
      return reason.via ? m.planVia(via(reason.via, m), described) : described;
    }
    case "planReplayFallback":
      return m.planReplayFallback(shortfall(reason.why, reason.notes, m));
  }
}

/** Why nothing can run the notebook, with what to do: the error's message. */
export function renderFailure(failure: Failure, m: Messages): string {
  switch (failure.key) {
    case "planNoRecording":
      return m.planNoRecording(failure.notebook, failure.record);
    case "planCannotRunLive":
      return m.planCannotRunLive(failure.notebook, shortfall(failure.why, failure.notes, m));
    case "planCannotRunNoRecording":
      return m.planCannotRunNoRecording(
        failure.notebook,
        shortfall(failure.why, failure.notes, m),
        failure.record,
      );
  }
}
