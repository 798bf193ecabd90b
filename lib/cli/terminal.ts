import { makeStyle, type Style } from "../render/style.ts";

/** Where the command line writes, and how: colours only on a terminal, lines fitted to it. */
export interface Terminal {
  write: (text: string) => void;
  style: Style;
  /** Columns to fit prose and code to (at most 100, for reading). */
  width: number;
  /**
   * The terminal's own columns, for what is drawn or laid out in columns: diagrams, tables,
   * transcripts. Default: `width`.
   */
  columns?: number;
  /** Standard output is a terminal (spinners, colours). */
  tty: boolean;
}

/** The process's own terminal. */
export function processTerminal(): Terminal {
  const encoder = new TextEncoder();
  const tty = Deno.stdout.isTerminal();
  return {
    write: (text) => void Deno.stdout.writeSync(encoder.encode(text)),
    style: makeStyle(tty && !Deno.env.get("NO_COLOR")),
    width: Math.min(tty ? Deno.consoleSize().columns : 100, 100),
    columns: Math.max(40, tty ? Deno.consoleSize().columns : 100),
    tty,
  };
}

/** A mistake in how the command was called: the message, then the usage. */
export class UsageError extends Error {
  override name = "UsageError";
}
