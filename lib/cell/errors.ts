import type { CallResult } from "./runner.ts";

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** A command exited non-zero (or ran out of time) and the cell did not expect it to fail. */
export class CommandError extends Error {
  /** "CommandError", as `error.name`. */
  override name = "CommandError";
  /** `command` (as shown) ended as `result` says. */
  constructor(readonly command: string, readonly result: CallResult) {
    const detail = (result.stderr || result.stdout).trim();
    const what = result.timedOut !== undefined
      ? `timed out after ${seconds(result.timedOut)}`
      : `exited with code ${result.code}`;
    super(
      `\`${command}\` ${what}${detail ? `:\n${detail}` : ""}\n` +
        (result.timedOut !== undefined
          ? "If it needs longer, give it more with .timeout(...)."
          : "If this failure is the point of the cell, mark the cell expect-error or add .noThrow()."),
    );
  }
}
