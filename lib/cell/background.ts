import { quote, runInLab } from "./command.ts";
import type { CommandResult } from "./command.ts";
import { session } from "./session.ts";

/** A short, stable name for a command: the same command in the same cell gets the same log. */
function tag(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/**
 * A command running in the background of the lab, in its own process group, its output going
 * to a log under the lab's private /run. Everything about it goes through the runner, so it is
 * recorded and replayed like any other call; the lab's end stops it in any case.
 */
export class Background {
  private constructor(
    readonly command: string,
    readonly log: string,
  ) {}

  /** Starts `command` in the background; `show` puts `COMMAND &` in the transcript. */
  static async start(command: string, show: boolean): Promise<Background> {
    const log = `/run/lab/bg-${session().cell}-${tag(command)}.log`;
    // The PID goes to a file, not into the recording: recorded commands must not vary by run.
    const line = `setsid bash -c ${quote(command)} >${log} 2>&1 </dev/null & echo $! >${log}.pid`;
    const r = await runInLab(line, { show: false });
    if (show) {
      const s = session();
      await s.emit({
        t: "command",
        cell: s.cell,
        transcript: {
          command: `${command} &`,
          stdout: "",
          stderr: "",
          code: 0,
          ms: r.ms,
          expected: false,
        },
      });
    }
    return new Background(command, log);
  }

  /** What it has printed so far. */
  async output(): Promise<string> {
    return (await runInLab(`cat ${this.log}`, { show: false })).stdout;
  }

  /** Stops it (SIGTERM to its process group) and returns everything it printed. */
  async stop(options: { show?: boolean } = {}): Promise<CommandResult> {
    const r = await runInLab(
      `pid=$(cat ${this.log}.pid); kill -TERM -- -$pid 2>/dev/null; for i in $(seq 100); do ` +
        `kill -0 $pid 2>/dev/null || break; sleep 0.02; done; cat ${this.log}`,
      { show: false },
    );
    const s = session();
    if (options.show === false) return r;
    await s.emit({
      t: "display",
      cell: s.cell,
      bundle: {
        "text/plain": `[stopped] ${this.command}${
          r.stdout ? `\n${r.stdout.replace(/\n$/, "")}` : ""
        }`,
      },
    });
    return r;
  }
}
