import type { Capability } from "../notebook/front_matter.ts";
import type { Notebook } from "../notebook/model.ts";
import { fixturePathFor } from "../fixture/paths.ts";
import { readFixture } from "../fixture/read_fixture.ts";
import { LiveRunner } from "../lab/live_runner.ts";
import { type LabProbe, probeLab } from "../lab/probe_lab.ts";
import { ReplayRunner } from "../lab/replay_runner.ts";
import type { Mode } from "../lab/runner.ts";
import { chooseMode } from "./choose_mode.ts";

export interface OpenRunnerOptions {
  mode?: "auto" | Mode;
  /** Where the recording lives; by default beside the notebooks (fixturePathFor). */
  fixture?: string;
  /** Replaces the probe of this machine (tests). */
  probe?: (wanted: Capability[]) => Promise<LabProbe>;
  /** Called once the mode is chosen, before a lab starts. */
  onMode?: (mode: Mode, reason: string) => void;
}

/** The runner a notebook's cells will use, and why its mode was chosen. */
export interface OpenedRunner {
  mode: Mode;
  reason: string;
  fixture: string;
  /** The live lab (live and record modes); record mode wraps it in a RecordRunner. */
  live?: LiveRunner;
  /** The recording's runner (replay mode). */
  replay?: ReplayRunner;
}

/** What a run needs: every live run needs namespaces (and so iproute2); cells may add more. */
function requirements(notebook: Notebook): { all: Capability[]; notebook: Capability[] } {
  const whole = [...new Set<Capability>(["netns", ...notebook.meta.requires])];
  const cells = notebook.cells.flatMap((c) => c.options.requires);
  return { all: [...new Set([...whole, ...cells])], notebook: whole };
}

/**
 * Chooses live, record or replay for a notebook on this machine, and opens that runner: a fresh
 * sandbox, or the validated recording. Throws CapabilityMissingError, FixtureMissingError or
 * FixtureStaleError when neither can run.
 */
export async function openRunner(
  notebook: Notebook,
  options: OpenRunnerOptions = {},
): Promise<OpenedRunner> {
  const fixture = options.fixture ?? fixturePathFor(notebook.path);
  const needs = requirements(notebook);
  const requested = options.mode ?? "auto";
  const probe = requested === "replay"
    ? { reason: "replay was asked for" }
    : await (options.probe ?? probeLab)(needs.all);
  const fixtureExists = await Deno.stat(fixture).then(() => true, () => false);
  const { mode, reason } = chooseMode({
    requested,
    notebook: notebook.path,
    sandbox: probe,
    missing: "capabilities" in probe
      ? needs.notebook.filter((c) => !probe.capabilities.has(c))
      : [],
    fixtureExists,
  });
  options.onMode?.(mode, reason);
  if (mode === "replay") {
    const recording = await readFixture(fixture, notebook.path);
    return { mode, reason, fixture, replay: new ReplayRunner(recording, notebook.path) };
  }
  const known = "capabilities" in probe ? probe.capabilities : [];
  return { mode, reason, fixture, live: await LiveRunner.start({ known }) };
}
