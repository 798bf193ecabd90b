import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Notebook } from "../notebook/model.ts";
import type { Runner } from "../cell/runner.ts";
import { jsonLine, LineTooLongError, readJsonLines } from "../io/json_lines.ts";
import { keepTail, spawnProgram } from "../io/run_program.ts";
import type { CellError } from "./errors.ts";
import type {
  ChildConfig,
  ChildMessage,
  NotebookConfig,
  ParentMessage,
  RunEvent,
} from "../runner/protocol.ts";
import type { Lab } from "../lab/backend.ts";
import type { Gate, RunControl } from "./run_control.ts";
import type { CellResult } from "./results.ts";
import { NotebookTracker } from "./notebook_tracker.ts";

const ROOT = new URL("../../", import.meta.url);
/** The notebook process's JavaScript heap, in MB: a cell that allocates without end stops here. */
export const CELL_MEMORY_MB = 1024;
/** The longest message a notebook process may send: what a cell prints or shows at once. */
export const MESSAGE_LIMIT = 32 * 1024 * 1024;

/** One notebook for a notebook process: what it runs, and the runner that answers it. */
export interface ProcessJob {
  notebook: Notebook;
  config: NotebookConfig;
  /** The key of each fence written into its module (see fenceKeys). */
  keys: string[];
  runner: Runner;
  onEvent?: (event: RunEvent) => void;
  /** Steers a gated run (config.gated). */
  gate?: Gate;
  /** The live lab, for whoever steers. */
  lab?: Lab;
}
export interface ProcessOptions {
  /** Folder of the generated modules (the notebook process may read it). */
  dir: string;
  cellTimeout?: number;
  /** Aborting stops the notebook process at once (Ctrl-C); the cell running is failed. */
  signal?: AbortSignal;
}

/** What one notebook's part of a notebook process did. */
export interface ProcessResult {
  cells: CellResult[];
  error?: CellError;
  /** What a steerer could do with the run (its lab), once the process has ended. */
  control?: RunControl;
}

/**
 * The notebook process: `deno run` with only the permissions its cells may have. It dies with the
 * runner, even one killed with kill -9 (setpriv --pdeathsig: the kernel kills it), so that a cell
 * that loops cannot outlive the run. (Without util-linux's setpriv, it is started as is.)
 */
function spawnChild(config: ChildConfig, dir: string): Deno.ChildProcess {
  const deno: [string, ...string[]] = [
    Deno.execPath(),
    "run",
    "--quiet",
    "--no-prompt",
    `--config=${fileURLToPath(new URL("deno.json", ROOT))}`,
    // Only what is locked and cached: a cell cannot fetch code, or rewrite the lock.
    "--frozen",
    "--cached-only",
    "--no-remote",
    // Each notebook's worker may read the repository and nothing else (cell_process.ts).
    "--unstable-worker-options",
    `--v8-flags=--max-old-space-size=${CELL_MEMORY_MB}`,
    `--allow-read=${fileURLToPath(ROOT)},${dir}`,
    `--allow-write=${config.socket}`,
    `--allow-net=unix:${config.socket}`,
    fileURLToPath(new URL("lib/execute/cell_process.ts", ROOT)),
    JSON.stringify(config),
  ];
  const spawn = ([program, ...args]: [string, ...string[]]) =>
    spawnProgram(program, {
      args,
      // No update check: it would ask the network (DNS) for Deno's latest version.
      env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
      inheritEnv: true,
      stdin: "null",
    });
  try {
    // In a session of its own, so that a terminal's Ctrl-C reaches the runner alone: the runner
    // decides what the run was, and stops this process.
    return spawn(["setsid", "setpriv", "--pdeathsig", "KILL", "--", ...deno]);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return spawn(deno);
    throw e;
  }
}

/**
 * Waits for the notebook process to connect, once; then the socket's file (and folder) go away,
 * so that nothing else, cell code included, can ever connect.
 */
async function acceptOnce(
  listener: Deno.Listener,
  socketDir: string,
  child: Deno.ChildProcess,
): Promise<Deno.Conn | undefined> {
  try {
    return await Promise.race([listener.accept(), child.status.then(() => undefined)]);
  } finally {
    listener.close();
    await Deno.remove(socketDir, { recursive: true }).catch(() => {});
  }
}

/**
 * Runs notebooks in one notebook process, one after the other, each in a worker of its own that
 * ends (with whatever its cells left running) before the next goes on, and serves their lab
 * requests with their runners. If the process dies (out of memory, a cell out of time), the
 * notebooks after it run in a fresh one. Returns each notebook's cells and its failure, if any.
 */
export async function runNotebookProcess(
  jobs: ProcessJob[],
  options: ProcessOptions,
): Promise<ProcessResult[]> {
  const results: ProcessResult[] = [];
  let rest = jobs;
  while (rest.length) {
    const done = await runBatch(rest, options);
    results.push(...done);
    if (options.signal?.aborted) {
      results.push(...rest.slice(done.length).map(notRun));
      break;
    }
    rest = rest.slice(done.length);
  }
  return results;
}

function notRun(job: ProcessJob): ProcessResult {
  return {
    cells: job.notebook.cells.map((c) => ({ id: c.id, status: "not-run", ms: 0, outputs: [] })),
  };
}

/** One notebook process for `jobs`: the results of those it ran, up to the one it died in. */
async function runBatch(jobs: ProcessJob[], options: ProcessOptions): Promise<ProcessResult[]> {
  const socketDir = await Deno.makeTempDir({ dir: options.dir, prefix: "socket-" });
  const socket = join(socketDir, "s");
  const listener = Deno.listen({ transport: "unix", path: socket });
  const child = spawnChild({ socket, notebooks: jobs.map((j) => j.config) }, options.dir);
  const stderr = keepTail(child.stderr, 64 * 1024).ended;
  let killed = false;
  const stop = () => {
    killed = true;
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  };
  options.signal?.addEventListener("abort", stop);
  if (options.signal?.aborted) stop(); // stopped while it was being started

  // The channel back to the notebook process, once it has connected.
  const channel: { writer?: WritableStreamDefaultWriter<Uint8Array> } = {};
  const send = (m: ParentMessage) => void channel.writer?.write(jsonLine(m)).catch(() => {});
  let active = 0;
  /** Notebook n's tracker, or the last one's once all have had their turn. */
  const trackerAt = (n: number): NotebookTracker => {
    const t = trackers[Math.min(n, trackers.length - 1)];
    if (!t) throw new Error("a notebook process was started with no notebook to run");
    return t;
  };
  const trackers: NotebookTracker[] = jobs.map((job, n) =>
    new NotebookTracker(job.notebook, job.runner, {
      module: job.config.module,
      keys: job.keys,
      step: Boolean(job.config.gated),
      labKind: job.config.lab,
      elsewhere: job.config.elsewhere,
      reply: (r) => send({ ...r, n }),
      onEvent: job.onEvent,
      gate: job.gate,
      lab: job.lab,
      onTimeout: stop,
      // A notebook is over: its worker ends, and the next notebook's turn comes.
      onFinished: () => {
        send({ t: "stop", n });
        if (n !== active || killed) return;
        active++;
        trackers[active]?.activate();
      },
      cellTimeout: options.cellTimeout,
    })
  );

  // Standard output is the cells' own only when they go around the protocol: the running cell's.
  const stdout = (async () => {
    for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) {
      trackerAt(active).stray(text);
    }
  })();

  const conn = await acceptOnce(listener, socketDir, child);
  channel.writer = conn?.writable.getWriter();
  trackerAt(0).activate();
  if (conn) {
    try {
      const messages = readJsonLines<ChildMessage>(conn.readable, { limit: MESSAGE_LIMIT });
      for await (const message of messages) trackers[message.n]?.handle(message);
    } catch (e) {
      // A broken channel: the process died; its status and stderr say why. Or a message too
      // long to keep: the process is stopped, and the cell said to have printed too much.
      if (e instanceof LineTooLongError) {
        stop();
        const t = trackerAt(active);
        t.fail(
          t.current || undefined,
          undefined,
          `the cell printed or showed more than ${MESSAGE_LIMIT / 2 ** 20} MB at once; ` +
            "print less (a summary, or the first lines)",
          "error",
        );
      }
    }
  }
  const status = await child.status;
  options.signal?.removeEventListener("abort", stop);
  for (const t of trackers) {
    t.stopTimer();
    t.abandonAsks();
  }
  await stdout;
  await channel.writer?.close().catch(() => {});

  const ran = trackers.filter((t) => t.started);
  const last = ran.at(-1)!;
  if (!last.finished) {
    const text = (await stderr).replaceAll(last.module, last.notebook.path).trim();
    const cell = last.current || undefined;
    if (options.signal?.aborted) {
      last.fail(cell, undefined, "the run was interrupted", "interrupted");
    } else if (/out of memory/i.test(text)) {
      last.fail(
        cell,
        undefined,
        `out of memory: the cell used more than the ${CELL_MEMORY_MB} MB a notebook may use`,
        "out-of-memory",
      );
    } else {
      last.fail(
        cell,
        undefined,
        text ||
          `the notebook process exited ${status.code}${
            status.signal ? ` (${status.signal})` : ""
          } before the notebook finished`,
        "process",
      );
    }
  }
  return ran.map((t) => ({ cells: [...t.results.values()], error: t.error, control: t.control }));
}
