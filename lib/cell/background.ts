import { runInLab } from "./run_in_lab.ts";
import type { CommandResult } from "./command_result.ts";
import { backgroundLine, backgroundLog } from "./command_line.ts";
import { session } from "./session.ts";

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
    const cell = session().cell;
    await runInLab(backgroundLine(cell, command), {
      show: show ? { kind: "background", command } : undefined,
    });
    return new Background(command, backgroundLog(cell, command));
  }

  /** What it has printed so far. */
  async output(): Promise<string> {
    return (await runInLab(`cat ${this.log}`, {})).stdout;
  }

  /** Stops it (SIGTERM to its process group) and returns everything it printed. */
  async stop(options: { show?: boolean } = {}): Promise<CommandResult> {
    const r = await runInLab(
      `pid=$(cat ${this.log}.pid); kill -TERM -- -$pid 2>/dev/null; for i in $(seq 100); do ` +
        `kill -0 $pid 2>/dev/null || break; sleep 0.02; done; cat ${this.log}`,
      {},
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
