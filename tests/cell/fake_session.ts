import type { CallResult, Runner } from "../../lib/cell/runner.ts";
import { type Session, setSession } from "../../lib/cell/session.ts";
import type { Transcript } from "../../lib/render/transcript.ts";

/** A session whose runner answers from `answers` (by command) and remembers what it saw. */
export function fakeSession(answers: Record<string, CallResult>, expectError = false) {
  const calls: { cell: string; command: string; timeout?: number }[] = [];
  const shown: Transcript[] = [];
  const runner: Runner = {
    mode: "live",
    capabilities: new Set(),
    beginCell() {},
    endCell() {},
    exec(cell, command, options) {
      calls.push({ cell, command, timeout: options?.timeout });
      const answer = answers[command];
      if (!answer) throw new Error(`unexpected command ${command}`);
      return Promise.resolve(answer);
    },
    close: () => Promise.resolve(),
  };
  const session: Session = {
    runner,
    cell: "the-cell",
    expectError,
    failed: false,
    unawaited: new Map(),
    reads: new Map(),
    emit: (e) => void (e.t === "command" && shown.push(e.transcript)),
  };
  setSession(session);
  return { session, calls, shown };
}
