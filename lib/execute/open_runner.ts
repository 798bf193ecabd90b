import type { Capability } from "../capability/registry.ts";
import type { Notebook } from "../notebook/model.ts";
import { fixtureFor } from "../fixture/paths.ts";
import { readFixture } from "../fixture/read_fixture.ts";
import type { LabBackend } from "../lab/backend.ts";
import { CapabilityMissingError } from "../lab/errors.ts";
import { LiveRunner } from "../runner/live_runner.ts";
import { type LabProbe, probeLab } from "../lab/probe_lab.ts";
import { pickLab } from "./choose_backend.ts";
import { ReplayRunner } from "../runner/replay_runner.ts";
import type { Mode } from "../cell/runner.ts";
import { chooseMode } from "./choose_mode.ts";

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
  /** Called once the mode is chosen, before any cell runs. */
  onMode?: (mode: Mode, reason: string) => void;
}

/** The runner a notebook's cells will use, and why its mode was chosen. */
export interface OpenedRunner {
  mode: Mode;
  reason: string;
  fixture: string;
  /** The live lab's runner (live and record modes); record mode wraps it in a RecordRunner. */
  live?: LiveRunner;
  /** The recording's runner (replay mode). */
  replay?: ReplayRunner;
}

/** Why a run given no kind of lab (options.backends) has none. */
const NO_BACKEND = "this run was given no kind of lab to start (its options' backends are empty)";

/** What a run needs: every live run needs namespaces (and so iproute2); cells may add more. */
function requirements(notebook: Notebook): { all: Capability[]; notebook: Capability[] } {
  const whole = [...new Set<Capability>(["netns", ...notebook.meta.requires])];
  const cells = notebook.cells.flatMap((c) => c.options.requires);
  return { all: [...new Set([...whole, ...cells])], notebook: whole };
}

/**
 * Chooses live, record or replay for a notebook on this machine, and opens that runner: a lab
 * (started once, and probed inside, in one command), or the validated recording. Throws
 * CapabilityMissingError, FixtureMissingError or FixtureStaleError when neither can run.
 */
export async function openRunner(
  notebook: Notebook,
  options: OpenRunnerOptions = {},
): Promise<OpenedRunner> {
  const fixture = options.fixture ?? fixtureFor(notebook);
  const needs = requirements(notebook);
  const requested = options.mode ?? "auto";
  // A notebook of narrative only runs nothing: no lab, no recording needed.
  if (notebook.cells.length === 0) {
    const reason = "it has no cells: there is nothing to run";
    options.onMode?.("replay", reason);
    return { mode: "replay", reason, fixture, replay: new ReplayRunner(undefined, notebook.path) };
  }
  const auto = options.backend === undefined || options.backend === "auto";
  const backends = options.backends ?? [];
  let backend = auto ? backends[0] : options.backend as LabBackend;
  const onProgress = options.onProgress;
  let picked: { via?: string; note?: string } = {};
  let probe: LabProbe;
  if (requested === "replay") probe = { reason: "replay was asked for" };
  else if (options.probe) probe = await options.probe(needs.all);
  else if (!backend) probe = { reason: NO_BACKEND };
  else if (!auto) probe = await probeLab(backend, needs.all, { keep: true, onProgress });
  else ({ backend, probe, ...picked } = await pickLab({ backends, needs, onProgress }));
  const fixtureExists = await Deno.stat(fixture).then(() => true, () => false);
  const lab = "lab" in probe ? probe.lab : undefined;
  try {
    const { mode, reason } = chooseMode({
      requested,
      notebook: notebook.path,
      lab: probe,
      missing: "capabilities" in probe
        ? needs.notebook.filter((c) => !probe.capabilities.has(c))
        : [],
      fixtureExists,
      ...picked,
    });
    options.onMode?.(mode, reason);
    if (mode === "replay") {
      await lab?.close();
      const recording = await readFixture(fixture, notebook.path);
      return { mode, reason, fixture, replay: new ReplayRunner(recording, notebook.path) };
    }
    const capabilities = "capabilities" in probe ? probe.capabilities : [];
    const started = lab ?? await backend?.start();
    if (!started) throw new CapabilityMissingError(NO_BACKEND);
    return { mode, reason, fixture, live: new LiveRunner(started, capabilities) };
  } catch (e) {
    await lab?.close();
    throw e;
  }
}
