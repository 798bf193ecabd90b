import type { CallResult } from "./runner.ts";

/** A command exited non-zero and the cell did not say the failure was expected. */
export class CommandError extends Error {
  override name = "CommandError";
  constructor(readonly command: string, readonly result: CallResult) {
    const detail = (result.stderr || result.stdout).trim();
    super(
      `\`${command}\` exited with code ${result.code}${detail ? `:\n${detail}` : ""}\n` +
        "If this failure is the point of the cell, mark the cell expect-error or add .noThrow().",
    );
  }
}

/** Replay found no recording to answer from. */
export class FixtureMissingError extends Error {
  override name = "FixtureMissingError";
}

/** The recording is unreadable, or no longer matches what the notebook runs. */
export class FixtureStaleError extends Error {
  override name = "FixtureStaleError";
}

/** The lab cannot do what the notebook needs (no sandbox, a missing kernel feature or tool). */
export class CapabilityMissingError extends Error {
  override name = "CapabilityMissingError";
}

/** A cell failed; the message already names the notebook file and line. */
export class CellError extends Error {
  override name = "CellError";
  constructor(
    message: string,
    readonly cell: string,
    readonly line: number,
    readonly kind: string,
  ) {
    super(message);
  }
}
