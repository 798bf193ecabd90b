import { makeStyle, type Style } from "../render/style.ts";
import { terminalSafe } from "../render/visible.ts";

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

/**
 * The columns to fit text to, for a terminal that says it has `columns`: at most 100, for
 * reading, and at least 20; a terminal that says it has none (`script` gives a terminal of size
 * 0 when it has no size to give) is taken to be 100 wide. Pure.
 */
export function fitWidth(columns: number | undefined): number {
  if (!columns || !Number.isFinite(columns) || columns < 1) return 100;
  return Math.max(20, Math.min(columns, 100));
}

/**
 * The process's own terminal. What is written passes terminalSafe() last: only netbook's own
 * colours act on the terminal (text from notebooks is made visible before it is laid out).
 */
export function processTerminal(): Terminal {
  const encoder = new TextEncoder();
  const tty = Deno.stdout.isTerminal();
  let columns: number | undefined;
  try {
    columns = tty ? Deno.consoleSize().columns : undefined;
  } catch {
    columns = undefined;
  }
  return {
    write: (text) => void Deno.stdout.writeSync(encoder.encode(terminalSafe(text))),
    style: makeStyle(tty && !Deno.env.get("NO_COLOR")),
    width: fitWidth(columns),
    columns: columns && Number.isFinite(columns) && columns >= 1 ? Math.max(40, columns) : 100,
    tty,
  };
}

/** A mistake in how the command was called: the message, then the usage. */
export class UsageError extends Error {
  override name = "UsageError";
}
