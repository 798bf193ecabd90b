/**
 * netbook for embedders: read a notebook, run it (live, recording or replaying), follow its
 * events, and export recorded runs (Jupyter, HTML, Markdown).
 *
 * ```ts
 * import { parseNotebook, runNotebook } from "netbook/runtime";
 * const path = "notebooks/01-netns-veth.md";
 * const result = await runNotebook(parseNotebook(await Deno.readTextFile(path), path), {
 *   mode: "replay",
 * });
 * console.log(result.ok);
 * ```
 *
 * @module
 */
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
export type { NotebookMeta, Source } from "./lib/notebook/front_matter.ts";
export { runNotebook } from "./lib/execute/run_notebook.ts";
export type { RunOptions } from "./lib/execute/run_notebook.ts";
export type { Note, Reason, Shortfall, Via } from "./lib/plan/reason.ts";
export type { Gate, RunControl } from "./lib/execute/run_control.ts";
export type { CellResult, Output, RunResult } from "./lib/execute/results.ts";
export type { CellStatus, NotebookEvent, RunEvent } from "./lib/runner/protocol.ts";
export type { CellEvent } from "./lib/cell/events.ts";
export type { Transcript } from "./lib/render/transcript.ts";
export type { MimeBundle } from "./lib/render/mime.ts";
export type { CallResult, ExecOptions, Mode, Runner, ShownAs } from "./lib/cell/runner.ts";
export { LiveRunner } from "./lib/runner/live_runner.ts";
export { RecordRunner } from "./lib/runner/record_runner.ts";
export type { RecordHooks } from "./lib/runner/record_runner.ts";
export { ReplayRunner } from "./lib/runner/replay_runner.ts";
export type { CallRecord, Fixture, Recorded } from "./lib/fixture/schema.ts";
export { CommandError } from "./lib/cell/errors.ts";
export { CapabilityMissingError, LabError } from "./lib/lab/errors.ts";
export { FixtureMissingError, FixtureStaleError } from "./lib/fixture/errors.ts";
export { CellError, CellTimeoutError } from "./lib/execute/errors.ts";
export type { CellErrorKind } from "./lib/execute/errors.ts";
export { EXPORT_FORMATS, exportNotebooks } from "./lib/export/export_notebooks.ts";
export type { ExportFormat, ExportOptions } from "./lib/export/export_notebooks.ts";
export { MermaidRenderer } from "./lib/render/mermaid_svg.ts";
export type {
  MermaidRendererOptions,
  MermaidRendererStats,
  MermaidWorkerOptions,
  MermaidWorkerProcess,
} from "./lib/render/mermaid_svg.ts";
export type { Diagram } from "./lib/render/diagram.ts";
