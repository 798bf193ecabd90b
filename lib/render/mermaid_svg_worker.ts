import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { jsonLine, readJsonLines } from "../io/json_lines.ts";
import { keepTail, lastLines, spawnProgram } from "../io/run_program.ts";
import { ChromiumMissingError } from "./chromium_missing_error.ts";
import type { RenderAnswer, RenderRequest } from "./mermaid_page/protocol.ts";
import { pagePackages } from "./mermaid_packages.ts";

export const WORKER_SCRIPT = fileURLToPath(
  new URL("./mermaid_page/render_worker.ts", import.meta.url),
);

/** What a worker is started with. */
export interface MermaidWorkerOptions {
  /** The Chromium to start. */
  executablePath: string;
  /** The user's cache folder the renderer's packages are installed in (see pagePackages). */
  cacheDir: string;
}

/**
 * A running worker: JSON-line requests on stdin, JSON-line answers on stdout (see
 * mermaid_cli/render_worker.ts). A `Deno.ChildProcess` with piped stdio is one.
 */
export interface MermaidWorkerProcess {
  /** Where requests go, one JSON line each. */
  readonly stdin: WritableStream<Uint8Array>;
  /** Where answers come from, one JSON line each. */
  readonly stdout: ReadableStream<Uint8Array>;
  /** Read, and its end quoted when the worker dies. */
  readonly stderr?: ReadableStream<Uint8Array>;
  /** Settles when the worker ends, with its exit code. */
  readonly status: Promise<{ code: number }>;
  /** Ends it at once (a `Deno.ChildProcess` can): its Chromium dies with it. */
  kill?(signal: Deno.Signal): void;
}

/** One worker process seen from the renderer: requests out, answers matched back by id. */
export class WorkerClient {
  /** The highest `mermaidLoads` this worker has answered with. */
  mermaidLoads = 0;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #waiting = new Map<number, (answer: RenderAnswer | Error) => void>();
  #lastId = 0;
  /** What went wrong on the worker's stdout, said after its stderr when it ends. */
  #notes = "";
  #gone: Error | undefined;
  #done: Promise<void>;

  #onMermaidLoads: (more: number) => void;
  #process: MermaidWorkerProcess;

  constructor(
    process: MermaidWorkerProcess,
    { onExit, onMermaidLoads }: {
      onExit: () => void;
      /** Told how many more times the worker's pages loaded mermaid. */
      onMermaidLoads: (more: number) => void;
    },
  ) {
    this.#onMermaidLoads = onMermaidLoads;
    this.#process = process;
    this.#writer = process.stdin.getWriter();
    const stderr = optional(() => process.stderr); // a Deno.ChildProcess throws unless piped
    const said = stderr ? keepTail(stderr, 4000) : undefined;
    this.#done = Promise.all([
      this.#readAnswers(process.stdout),
      said?.ended,
      process.status,
    ]).then(([, , status]) => {
      const tail = lastLines((said?.text() ?? "") + "\n" + this.#notes, 8);
      this.#gone = new Error(
        `the mermaid worker (${WORKER_SCRIPT}) exited with code ${status.code}` +
          (tail ? `:\n${tail}` : ""),
      );
      for (const settle of this.#waiting.values()) settle(this.#gone);
      this.#waiting.clear();
      onExit();
    });
  }

  async request(request: Omit<RenderRequest, "id">): Promise<RenderAnswer> {
    if (this.#gone) throw this.#gone;
    const id = ++this.#lastId;
    const answer = new Promise<RenderAnswer | Error>((settle) => this.#waiting.set(id, settle));
    this.#writer.write(jsonLine({ id, ...request })).catch((error) => {
      this.#waiting.get(id)?.(
        new Error(`could not write to the mermaid worker: ${error}`, { cause: error }),
      );
      this.#waiting.delete(id);
    });
    const result = await answer;
    if (result instanceof Error) throw result;
    if ("svg" in result && result.mermaidLoads > this.mermaidLoads) {
      this.#onMermaidLoads(result.mermaidLoads - this.mermaidLoads);
      this.mermaidLoads = result.mermaidLoads;
    }
    return result;
  }

  /** Ends the worker at once (its diagrams fail), and its Chromium with it. */
  async kill(): Promise<void> {
    try {
      this.#process.kill?.("SIGKILL");
    } catch {
      // It had already ended.
    }
    await this.#done;
  }

  /** Closes the worker's stdin: it finishes what it has started, closes Chromium and exits. */
  async close(): Promise<void> {
    await this.#writer.close().catch(() => {}); // already gone
    await this.#done;
  }

  async #readAnswers(stdout: ReadableStream<Uint8Array>): Promise<void> {
    try {
      for await (const answer of readJsonLines<RenderAnswer>(stdout)) {
        this.#waiting.get(answer.id)?.(answer);
        this.#waiting.delete(answer.id);
      }
    } catch (error) { // not an answer: the worker is unusable; it is told to stop
      this.#notes += `not an answer on the worker's stdout: ${error}\n`;
      this.#writer.close().catch(() => {});
      await stdout.cancel().catch(() => {});
    }
  }
}

function optional<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}

/**
 * Starts render_worker.ts with the deno.json of its packages in the user's cache (installed
 * there first, once), once Chromium is known to be there.
 */
export async function spawnWorker(
  { executablePath, cacheDir }: MermaidWorkerOptions,
): Promise<MermaidWorkerProcess> {
  try {
    await Deno.stat(executablePath);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new ChromiumMissingError(executablePath);
    throw error;
  }
  const { config } = await pagePackages(cacheDir);
  const args = ["run", "-A", "--quiet", "--frozen", "--config", config, WORKER_SCRIPT];
  args.push(resolve(executablePath));
  // The worker (and its Chromium) dies with whoever started it, even one killed with kill -9.
  // Deno reads the user's own environment (DENO_DIR, HOME).
  const spawn = (program: string, args: string[]) =>
    spawnProgram(program, { args, cwd: dirname(config), inheritEnv: true });
  try {
    return spawn("setpriv", ["--pdeathsig", "KILL", "--", Deno.execPath(), ...args]);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return spawn(Deno.execPath(), args);
    throw error;
  }
}
