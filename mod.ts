/**
 * netbook: runnable notebooks for learning container and Kubernetes networking.
 *
 * Cells see `$`, `lab` and `show` without importing them; library users import them from here,
 * along with what runs a notebook (`parseNotebook`, `runNotebook`, `start` for Jupyter), the
 * runners, the lab backends and the errors a caller may catch.
 *
 * @module
 */
export { $, CommandBuilder, CommandResult, quote } from "./lib/cell/command.ts";
export type { RunInLabOptions } from "./lib/cell/command.ts";
export { lab } from "./lib/cell/lab.ts";
export { show } from "./lib/cell/show.ts";
export type { Background } from "./lib/cell/background.ts";
export type { TraceOptions } from "./lib/cell/trace.ts";
export type { CaptureOptions } from "./lib/cell/capture.ts";
export { parseNotebook } from "./lib/notebook/parse.ts";
export type {
  Cell,
  DiagramPart,
  ExercisePart,
  MarkdownPart,
  Notebook,
  Part,
  QuestionPart,
  Span,
} from "./lib/notebook/model.ts";
export type { CellOptions, CellRole } from "./lib/notebook/cell_options.ts";
export { Verdict } from "./lib/cell/verdict.ts";
export type { Finding, VerdictData } from "./lib/cell/verdict.ts";
export type { CheckFunction, Claim, HintFunction, Said } from "./lib/cell/hooks.ts";
export type { Gate, RunControl } from "./lib/execute/run_control.ts";
export type { NotebookMeta, Source } from "./lib/notebook/front_matter.ts";
export { CAPABILITIES, REGISTRY } from "./lib/capability/registry.ts";
export type { Capability, CapabilityGroup, CapabilitySpec } from "./lib/capability/registry.ts";
export { runNotebook } from "./lib/execute/run_notebook.ts";
export type { RunOptions } from "./lib/execute/run_notebook.ts";
export type { CellResult, Output, RunResult } from "./lib/execute/results.ts";
export type { CellStatus, NotebookEvent, RunEvent } from "./lib/execute/protocol.ts";
export type { CellEvent } from "./lib/cell/events.ts";
export type { CallResult, ExecOptions, Mode, Runner } from "./lib/lab/runner.ts";
export { LiveRunner } from "./lib/lab/live_runner.ts";
export { RecordRunner } from "./lib/lab/record_runner.ts";
export type { RecordHooks } from "./lib/lab/record_runner.ts";
export { ReplayRunner } from "./lib/lab/replay_runner.ts";
export { backendNamed, BACKENDS } from "./lib/lab/backends.ts";
export type {
  BackendInfo,
  BackendSupport,
  ExecResult,
  Lab,
  LabBackend,
  LabExecOptions,
  LabStartOptions,
  LabStream,
  RemoteSurvey,
} from "./lib/lab/backend.ts";
export type { LabProbe } from "./lib/lab/probe_lab.ts";
export type { CallRecord, Fixture, Recorded } from "./lib/fixture/schema.ts";
export { CommandError } from "./lib/cell/errors.ts";
export { CapabilityMissingError } from "./lib/lab/errors.ts";
export { FixtureMissingError, FixtureStaleError } from "./lib/fixture/errors.ts";
export { CellError, CellTimeoutError } from "./lib/execute/errors.ts";
export type { CellErrorKind } from "./lib/execute/errors.ts";
export { NotebookSession, start } from "./lib/jupyter/start.ts";
export type { SessionOutput, StartOptions } from "./lib/jupyter/start.ts";
export type { MimeBundle } from "./lib/render/mime.ts";
export type { Transcript } from "./lib/render/transcript.ts";
