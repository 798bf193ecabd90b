/**
 * netbook: runnable notebooks for learning container and Kubernetes networking.
 *
 * Cells see `$`, `lab` and `show` without importing them; library users import them from here.
 */
export { $, CommandBuilder, CommandResult, quote } from "./lib/lab/command.ts";
export { lab } from "./lib/lab/lab.ts";
export { show } from "./lib/lab/show.ts";
export { parseNotebook } from "./lib/notebook/parse.ts";
export type { Cell, Notebook, Part } from "./lib/notebook/model.ts";
export { runNotebook } from "./lib/execute/run_notebook.ts";
export type { CellResult, Output, RunOptions, RunResult } from "./lib/execute/run_notebook.ts";
export type { CallResult, Mode, Runner } from "./lib/lab/runner.ts";
export { LiveRunner } from "./lib/lab/live_runner.ts";
export { RecordRunner } from "./lib/lab/record_runner.ts";
export { ReplayRunner } from "./lib/lab/replay_runner.ts";
export {
  CapabilityMissingError,
  CellError,
  CommandError,
  FixtureMissingError,
  FixtureStaleError,
} from "./lib/lab/errors.ts";
export { NotebookSession, start } from "./lib/jupyter/start.ts";
export type { StartOptions } from "./lib/jupyter/start.ts";
