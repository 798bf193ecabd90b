/**
 * A lab backend in one file, for the tests: its "lab" is a few lines of TypeScript that know
 * `echo` (which prints its words as they come, quotes and all), `true`, `false`, `exit N` and
 * `hostname`, and nothing of Linux. It shows what a new backend takes: this file and one line
 * in the registry (lib/lab/backends.ts).
 */
import type { Capability } from "../../lib/capability/registry.ts";
import type { BackendInfo, ExecResult, Lab, LabBackend } from "../../lib/lab/backend.ts";

const encoder = new TextEncoder();

function answer(command: string): { stdout: string; stderr: string; code: number } {
  const [word, ...rest] = command.trim().split(/\s+/);
  switch (word) {
    case "echo":
      return { stdout: rest.join(" ") + "\n", stderr: "", code: 0 };
    case "true":
      return { stdout: "", stderr: "", code: 0 };
    case "false":
      return { stdout: "", stderr: "", code: 1 };
    case "exit":
      return { stdout: "", stderr: "", code: Number(rest[0] ?? 0) };
    case "hostname":
      return { stdout: "fake-lab\n", stderr: "", code: 0 };
    default:
      return { stdout: "", stderr: `fake: ${word}: command not found\n`, code: 127 };
  }
}

class FakeLab implements Lab {
  readonly info: BackendInfo = { kind: "fake", flavour: "test" };
  readonly pid = Deno.pid;
  readonly ran: string[] = [];
  closed = false;

  exec(command: string): Promise<ExecResult> {
    if (this.closed) return Promise.reject(new Error("the fake lab is closed"));
    this.ran.push(command);
    const r = answer(command);
    return Promise.resolve({
      stdout: encoder.encode(r.stdout),
      stderr: encoder.encode(r.stderr),
      code: r.code,
      ms: 0,
    });
  }

  probe(wanted: Iterable<Capability>): Promise<Set<Capability>> {
    return Promise.resolve(new Set([...wanted].filter((c) => c === "netns")));
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

/** Every lab this backend started, for the tests to look into. */
export const started: FakeLab[] = [];

export const fakeBackend: LabBackend = {
  kind: "fake",
  description: "a lab that only pretends, for the tests",
  needs: [],
  support: () => Promise.resolve({ ok: true, info: { kind: "fake", flavour: "test" } }),
  supplies: (c) => c === "netns",
  start() {
    const lab = new FakeLab();
    started.push(lab);
    return Promise.resolve(lab);
  },
};
