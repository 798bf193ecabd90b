import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Notebook } from "../notebook/model.ts";
import type { Runner } from "../lab/runner.ts";
import { jsonLine, readJsonLines } from "../io/json_lines.ts";
import type { CellError } from "./errors.ts";
import type {
  ChildConfig,
  ChildMessage,
  LabReply,
  NotebookConfig,
  ParentAsk,
  RunEvent,
} from "./protocol.ts";
import type { Lab } from "../lab/backend.ts";
import type { Gate } from "./run_control.ts";
import type { CellResult } from "./results.ts";
import { NotebookTracker } from "./notebook_tracker.ts";

const ROOT = new URL("../../", import.meta.url);
/** The notebook process's JavaScript heap, in MB: a cell that allocates without end stops here. */
export const CELL_MEMORY_MB = 1024;

/** One notebook for a notebook process: what it runs, and the runner that answers it. */
export interface ProcessJob {
  notebook: Notebook;
  config: NotebookConfig;
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
  control?: import("./run_control.ts").RunControl;
}

/** Reads what a stream says, keeping at most the last `limit` characters. */
async function tail(stream: ReadableStream<Uint8Array>, limit = 64 * 1024): Promise<string> {
  let text = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    text = (text + chunk).slice(-limit);
  }
  return text;
}

/**
 * The notebook process: `deno run` with only the permissions its cells may have. It dies with the
 * runner, even one killed with kill -9 (setpriv --pdeathsig: the kernel kills it), so that a cell
 * that loops cannot outlive the run. (Without util-linux's setpriv, it is started as is.)
 */
function spawnChild(config: ChildConfig, dir: string): Deno.ChildProcess {
  const deno = [
    Deno.execPath(),
    "run",
    "--quiet",
    "--no-prompt",
    `--config=${fileURLToPath(new URL("deno.json", ROOT))}`,
    // Only what is locked and cached: a cell cannot fetch code, or rewrite the lock.
    "--frozen",
    "--cached-only",
    "--no-remote",
    `--v8-flags=--max-old-space-size=${CELL_MEMORY_MB}`,
    `--allow-read=${fileURLToPath(ROOT)},${dir}`,
    `--allow-write=${config.socket}`,
    `--allow-net=unix:${config.socket}`,
    fileURLToPath(new URL("lib/execute/cell_process.ts", ROOT)),
    JSON.stringify(config),
  ];
  const spawn = ([program, ...args]: string[]) =>
    new Deno.Command(program, {
      args,
      env: { NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  try {
    return spawn(["setpriv", "--pdeathsig", "KILL", "--", ...deno]);
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
 * Runs notebooks in one notebook process, one after the other, and serves their lab requests
 * with their runners. A notebook that fails ends that process (cells may have left timers and
 * promises behind); the notebooks after it run in a fresh one. Returns each notebook's cells
 * and its failure, if any.
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

/** One notebook process for `jobs`: the results of those it ran, up to and including a failure. */
async function runBatch(jobs: ProcessJob[], options: ProcessOptions): Promise<ProcessResult[]> {
  const socketDir = await Deno.makeTempDir({ dir: options.dir, prefix: "socket-" });
  const socket = join(socketDir, "s");
  const listener = Deno.listen({ transport: "unix", path: socket });
  const child = spawnChild({ socket, notebooks: jobs.map((j) => j.config) }, options.dir);
  const stderr = tail(child.stderr);
  const stop = () => child.kill("SIGKILL");
  options.signal?.addEventListener("abort", stop);
  if (options.signal?.aborted) stop(); // stopped while it was being started

  // The channel back to the notebook process, once it has connected.
  const channel: { replies?: WritableStreamDefaultWriter<Uint8Array> } = {};
  const trackers = jobs.map((job) =>
    new NotebookTracker(job.notebook, job.runner, {
      reply: (r: LabReply | ParentAsk) => channel.replies?.write(jsonLine(r)).catch(() => {}),
      onEvent: job.onEvent,
      gate: job.gate,
      lab: job.lab,
      onTimeout: stop,
      cellTimeout: options.cellTimeout,
    })
  );
  let current = trackers[0];

  // Standard output is the cells' own only when they go around the protocol: the running cell's.
  const stdout = (async () => {
    for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) {
      current.stray(text);
    }
  })();

  const conn = await acceptOnce(listener, socketDir, child);
  channel.replies = conn?.writable.getWriter();
  if (conn) {
    try {
      for await (const message of readJsonLines<ChildMessage>(conn.readable)) {
        current = trackers[message.n] ?? current;
        current.handle(message);
      }
    } catch {
      // A broken channel: the process died; its status and stderr say why.
    }
  }
  const status = await child.status;
  options.signal?.removeEventListener("abort", stop);
  for (const t of trackers) {
    t.stopTimer();
    t.abandonAsks();
  }
  await stdout;
  await channel.replies?.close().catch(() => {});

  const ran = trackers.filter((t) => t.started || t === trackers[0]);
  const last = ran.at(-1)!;
  if (!last.done && !last.error) {
    const text = (await stderr).replaceAll(jobs[ran.length - 1].config.module, last.notebook.path)
      .trim();
    if (options.signal?.aborted) {
      last.fail(last.current || undefined, undefined, "the run was interrupted", "interrupted");
    } else if (/out of memory/i.test(text)) {
      last.fail(
        last.current || undefined,
        undefined,
        `out of memory: the cell used more than the ${CELL_MEMORY_MB} MB a notebook may use`,
        "out-of-memory",
      );
    } else {
      last.fail(
        last.current || undefined,
        undefined,
        text || `the notebook process exited ${status.code}`,
        "process",
      );
    }
  }
  return ran.map((t) => ({ cells: [...t.results.values()], error: t.error, control: t.control }));
}
