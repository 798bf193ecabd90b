import type { Capability } from "../capability/registry.ts";
import type { Mode } from "../cell/runner.ts";
import { FixtureMissingError } from "../fixture/errors.ts";
import { fixtureFor } from "../fixture/paths.ts";
import { readFixture } from "../fixture/read_fixture.ts";
import { knownLang, type Lang, messagesIn } from "../i18n/messages.ts";
import type { BackendSupport, LabBackend } from "../lab/backend.ts";
import { CapabilityMissingError } from "../lab/errors.ts";
import { type LabProbe, probeLab } from "../lab/probe_lab.ts";
import type { Notebook } from "../notebook/model.ts";
import { needsOf, planRun } from "../plan/plan_run.ts";
import type { Reason } from "../plan/reason.ts";
import { renderFailure, renderReason } from "../plan/render_reason.ts";
import { LiveRunner } from "../runner/live_runner.ts";
import { ReplayRunner } from "../runner/replay_runner.ts";

export interface OpenRunnerOptions {
  mode?: "auto" | Mode;
  /** Where the recording lives; by default beside the notebooks (fixtureFor: a translation's is its original's). */
  fixture?: string;
  /**
   * The kind of lab for live runs. "auto" (the default): the first of `backends` (netns), or
   * another (the micro-VM) when the notebook needs what that lab lacks here, or when it cannot
   * start.
   */
  backend?: LabBackend | "auto";
  /**
   * The kinds of lab "auto" chooses from, the default first: the CLI passes netbook's own
   * (labBackends() of backend.ts), a test its fakes. None: no lab can start (replay only).
   */
  backends?: readonly LabBackend[];
  /** Told of slow one-time work before the lab starts (building the micro-VM's image). */
  onProgress?: (message: string) => void;
  /** Replaces starting and probing a lab (tests); a probe without a lab gets one started. */
  probe?: (wanted: Capability[]) => Promise<LabProbe>;
  /**
   * Called once the mode is chosen, before any cell runs, with why: in words (in `lang`) and as
   * data (to say it in another language: renderReason).
   */
  onMode?: (mode: Mode, reason: string, why: Reason) => void;
  /** The language of `reason`; by default the notebook's own (English if the catalogue lacks it). */
  lang?: Lang;
}

/** The runner a notebook's cells will use, and why its mode was chosen. */
export interface OpenedRunner {
  mode: Mode;
  /** Why, in words. */
  reason: string;
  /** Why, as data (renderReason says it in any language of the catalogue). */
  why: Reason;
  fixture: string;
  /** The live lab's runner (live and record modes); record mode wraps it in a RecordRunner. */
  live?: LiveRunner;
  /** The recording's runner (replay mode). */
  replay?: ReplayRunner;
}

/** Where a run given no kind of lab stands in for one, so that an injected probe has a backend. */
const NO_LAB: LabBackend = {
  kind: "none",
  description: "no kind of lab",
  needs: [],
  support: () => Promise.resolve({ ok: false, reason: messagesIn("en").planNoBackend }),
  supplies: () => false,
  start: () => Promise.reject(new CapabilityMissingError(messagesIn("en").planNoBackend)),
};

/**
 * Chooses live, record or replay for a notebook on this machine, and opens that runner: a lab
 * (started once, and probed inside, in one command), or the validated recording. The choice is
 * planRun's: this loop only does what it asks (probe a lab, ask a backend whether it can run
 * here) until it decides, then closes every lab it started that was not chosen. Throws
 * CapabilityMissingError, FixtureMissingError or FixtureStaleError when neither can run.
 */
export async function openRunner(
  notebook: Notebook,
  options: OpenRunnerOptions = {},
): Promise<OpenedRunner> {
  const fixture = options.fixture ?? fixtureFor(notebook);
  const requested = options.mode ?? "auto";
  /** Why, and why not, are said in `lang`, else the notebook's language, else English. */
  const said = messagesIn(options.lang ?? knownLang(notebook.meta.lang) ?? "en");
  const backends = options.backends ?? [];
  const chosen = options.backend === undefined || options.backend === "auto"
    ? undefined
    : options.backend;
  // A probe given by a test stands for the one lab the run would start: no other is tried.
  const explicit = chosen ?? (options.probe ? backends[0] ?? NO_LAB : undefined);
  const fixtureExists = notebook.cells.length > 0 &&
    await Deno.stat(fixture).then(() => true, () => false);
  const supports = new Map<LabBackend, BackendSupport>();
  const probes = new Map<LabBackend, LabProbe>();
  /** Closes every lab started here but `keep`'s, each once. */
  const closeAllBut = async (keep?: LabBackend) => {
    for (const [backend, probe] of probes) {
      if (backend === keep) continue;
      probes.delete(backend);
      if ("lab" in probe) await probe.lab?.close();
    }
  };
  try {
    for (;;) {
      const plan = planRun({
        notebook: notebook.path,
        cells: notebook.cells.length,
        needs: needsOf(notebook),
        requested,
        backends,
        ...(explicit ? { explicit } : {}),
        fixtureExists,
        supports,
        probes,
      });
      if (plan.step === "probe") {
        probes.set(
          plan.backend,
          options.probe
            ? await options.probe(plan.wanted)
            : await probeLab(plan.backend, plan.wanted, {
              keep: true,
              onProgress: options.onProgress,
            }),
        );
        continue;
      }
      if (plan.step === "support") {
        supports.set(plan.backend, await plan.backend.support());
        continue;
      }
      if (plan.step === "fail") {
        const message = renderFailure(plan.failure, said);
        throw plan.error === "fixture"
          ? new FixtureMissingError(message)
          : new CapabilityMissingError(message);
      }
      const { mode, backend, reason: why } = plan;
      const reason = renderReason(why, said);
      const kept = mode === "replay" ? undefined : backend;
      await closeAllBut(kept);
      options.onMode?.(mode, reason, why);
      if (notebook.cells.length === 0) {
        return { mode, reason, why, fixture, replay: new ReplayRunner(undefined, notebook.path) };
      }
      if (mode === "replay") {
        const recording = await readFixture(fixture, notebook.path);
        return { mode, reason, why, fixture, replay: new ReplayRunner(recording, notebook.path) };
      }
      const probe = kept && probes.get(kept);
      const lab = probe && "lab" in probe && probe.lab ? probe.lab : undefined;
      probes.clear();
      const capabilities = probe && "capabilities" in probe ? probe.capabilities : [];
      const started = lab ?? (kept && kept !== NO_LAB ? await kept.start() : undefined);
      if (!started) throw new CapabilityMissingError(messagesIn("en").planNoBackend);
      return { mode, reason, why, fixture, live: new LiveRunner(started, capabilities) };
    }
  } catch (e) {
    await closeAllBut();
    throw e;
  }
}
