import { parseDuration } from "../notebook/cell_options.ts";
import type { CommandResult } from "./command_result.ts";
import { runInLab } from "./run_in_lab.ts";
import { waitLine } from "./command_line.ts";

export interface WaitOptions {
  /** How long to wait at most ("10s", or milliseconds). Default 10 s. */
  timeout?: string | number;
  /** How often to try again ("100ms", or milliseconds). Default 100 ms. */
  every?: string | number;
}

function ms(value: string | number): number {
  return parseDuration(typeof value === "number" ? `${value}ms` : value);
}

/**
 * Waits, inside the lab, until `command` (a command line, as a person would type it) succeeds:
 * it is tried again every 100 ms until it exits 0, for at most 10 s. For convergence: a BGP
 * session Established, a route appearing, a server listening. It is one lab call, so it records
 * and replays as one; the transcript shows the `until` loop and the output of the try that
 * succeeded. Throws an Error naming the command and its last output if time runs out.
 */
export async function waitFor(command: string, options: WaitOptions = {}): Promise<CommandResult> {
  const limit = ms(options.timeout ?? "10s");
  const every = ms(options.every ?? "100ms");
  const r = await runInLab(waitLine(command, limit, every), {
    show: { kind: "wait", command, limit, every },
    noThrow: true,
  });
  if (r.code !== 0) {
    throw new Error(
      `waited ${limit / 1000} s, and \`${command}\` never succeeded` +
        (r.stdout.trim() ? `; its last output:\n${r.stdout.trim()}` : ""),
    );
  }
  return r;
}
