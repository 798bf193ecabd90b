import type { ShownAs } from "./runner.ts";
import { CommandError } from "./errors.ts";
import { session } from "./session.ts";
import { shownCommand } from "./command_line.ts";
import { CommandResult } from "./command_result.ts";

/** How runInLab runs a command. */
export interface RunInLabOptions {
  /** How its transcript reads (see shownCommand); absent, nothing is shown. */
  show?: ShownAs;
  /** A non-zero exit is a result, not an error. */
  noThrow?: boolean;
  /** Stop the command after this long, in milliseconds. */
  timeout?: number;
  /** An inspector's read: it changes nothing, so what was read before it still holds. */
  read?: boolean;
}

/**
 * Runs one command line through the session's runner (and so live, recorded or replayed),
 * shows its transcript, and throws CommandError on an unexpected non-zero exit.
 */
export async function runInLab(line: string, o: RunInLabOptions): Promise<CommandResult> {
  const s = session();
  // Whatever this command does, what inspectors read before it may no longer hold.
  if (!o.read) s.reads.clear();
  const cell = s.cell;
  if (s.quiet) o = { ...o, show: undefined };
  const shown = o.show && shownCommand(line, o.show, cell);
  if (shown) s.emit({ t: "command-start", cell, command: shown });
  const r = await s.runner.exec(cell, line, {
    timeout: o.timeout,
    show: o.show,
    noThrow: o.noThrow,
  });
  const failed = r.code !== 0;
  const expected = failed && (Boolean(o.noThrow) || s.expectError);
  if (failed && s.expectError) s.failed = true;
  if (shown) await s.emit({ t: "command", cell, transcript: { command: shown, ...r, expected } });
  if (failed && !expected) throw new CommandError(shown || line, r);
  return new CommandResult(shown || line, r.stdout, r.stderr, r.code, r.ms);
}

/**
 * Reads the lab for an inspector: the command runs quietly, once per cell, until a command that
 * may change the lab runs (then it is read again). A failure is an error, as for any command.
 */
export function readLab(line: string): Promise<CommandResult> {
  const s = session();
  let read = s.reads.get(line);
  if (!read) {
    read = runInLab(line, { read: true });
    s.reads.set(line, read);
    read.catch(() => s.reads.delete(line));
  }
  return read;
}
