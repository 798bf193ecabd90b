/**
 * netbook for cell authors: what a notebook's cells use.
 *
 * A notebook's cells see `$`, `lab` and `show` without importing them. In Jupyter, an exported
 * notebook's first cell imports this module and calls `start` to open the notebook's lab; cells
 * then run `$` commands in it, read it with `lab` and display values with `show`.
 *
 * ```ts
 * // In a notebook's cell: `$`, `lab` and `show` need no import.
 * await $`ip -n client addr show eth0`;
 * show(await lab.routes("client"));
 * ```
 *
 * Embedders (who run notebooks and export them) import runtime.ts; lab backend writers import
 * backend.ts (`./runtime` and `./backend` in deno.json's "exports").
 *
 * @module
 */
export { $, CommandBuilder } from "./lib/cell/command.ts";
export { CommandResult } from "./lib/cell/command_result.ts";
export { quote } from "./lib/cell/command_line.ts";
export { lab } from "./lib/cell/lab.ts";
export { show } from "./lib/cell/show.ts";
export type { Background } from "./lib/cell/background.ts";
export type { TraceOptions } from "./lib/cell/trace.ts";
export type { CaptureOptions } from "./lib/cell/capture.ts";
export { Verdict } from "./lib/cell/verdict.ts";
export type { Finding, VerdictData } from "./lib/cell/verdict.ts";
export type { CheckFunction, Claim, HintFunction, Said } from "./lib/cell/hooks.ts";
export { CommandError } from "./lib/cell/errors.ts";
export { NotebookSession, start } from "./lib/jupyter/start.ts";
export type { SessionOutput, StartOptions } from "./lib/jupyter/start.ts";
export type { MimeBundle } from "./lib/render/mime.ts";
