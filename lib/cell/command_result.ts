import { DISPLAY, type MimeBundle } from "../render/mime.ts";
import { transcriptBundle } from "../render/transcript.ts";
import type { CallResult } from "./runner.ts";

/** What a finished command did. Displays as its terminal transcript. */
export class CommandResult implements CallResult {
  /** A result: the command line as shown, what it printed, its exit code and duration. */
  constructor(
    readonly command: string,
    readonly stdout: string,
    readonly stderr: string,
    readonly code: number,
    readonly ms: number,
  ) {}

  /** It exited 0. */
  get ok(): boolean {
    return this.code === 0;
  }

  /** Standard output, trimmed. */
  toString(): string {
    return this.stdout.trim();
  }

  /**
   * Standard output's lines, without empty ones (unlike `CommandBuilder.lines()`, which keeps
   * them as dax does).
   */
  lines(): string[] {
    return this.stdout.split("\n").filter((l) => l !== "");
  }

  /** Standard output parsed as JSON (for `ip -j`, `bridge -j`). */
  json<T = unknown>(): T {
    return JSON.parse(this.stdout) as T;
  }

  /** Its transcript, as text and HTML. */
  [DISPLAY](): MimeBundle {
    return transcriptBundle({ ...this, expected: false });
  }
}
