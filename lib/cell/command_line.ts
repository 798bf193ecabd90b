/**
 * The command lines netbook builds around a cell's command, and how each is shown: pure, so that
 * the cell (which builds the line) and the run's parent (which makes the transcript from the line
 * it ran, and believes nothing else) agree.
 */
import type { ShownAs } from "./runner.ts";

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one value for the shell, so that it stays one word whatever it holds. */
export function quote(value: string): string {
  return SAFE.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A short, stable name for a command: the same command in the same cell gets the same log. */
function tag(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** Where a background command's output goes, under the lab's private /run. */
export function backgroundLog(cell: string, command: string): string {
  return `/run/lab/bg-${cell}-${tag(command)}.log`;
}

/**
 * The line that starts `command` in the background, in its own process group, its output going
 * to its log. The PID goes to a file, not into the recording: recorded commands must not vary.
 */
export function backgroundLine(cell: string, command: string): string {
  const log = backgroundLog(cell, command);
  return `setsid bash -c ${quote(command)} >${log} 2>&1 </dev/null & echo $! >${log}.pid`;
}

/**
 * The line that tries `command` every `every` ms until it succeeds, for at most `limit` ms, and
 * prints the output of the try that did (how many tries it took varies from run to run).
 */
export function waitLine(command: string, limit: number, every: number): string {
  const loop = `until out=$( { ${command}; } 2>&1 ); do sleep ${
    every / 1000
  }; done; printf '%s\\n' "$out"`;
  return `timeout ${limit / 1000} bash -c ${quote(loop)}`;
}

/**
 * The command a transcript shows for `line` run in `cell`, as `show` describes it; undefined
 * when `line` is not the line that form makes (a transcript must show what ran).
 */
export function shownCommand(line: string, show: ShownAs, cell: string): string | undefined {
  switch (show.kind) {
    case "line":
      return line;
    case "background":
      return line === backgroundLine(cell, show.command) ? `${show.command} &` : undefined;
    case "wait":
      return line === waitLine(show.command, show.limit, show.every)
        ? `until ${show.command}; do sleep ${show.every / 1000}; done`
        : undefined;
  }
}
