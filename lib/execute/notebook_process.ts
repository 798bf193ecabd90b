import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Notebook } from "../notebook/model.ts";
import type { Runner } from "../lab/runner.ts";
import { jsonLine, readJsonLines } from "../io/json_lines.ts";
import { CellError, type CellErrorKind, CellTimeoutError } from "./errors.ts";
import {
  type ChildConfig,
  type ChildMessage,
  isRequest,
  type LabReply,
  type RunEvent,
} from "./protocol.ts";
import type { CellResult } from "./results.ts";

const ROOT = new URL("../../", import.meta.url);
const DEFAULT_TIMEOUT = 60_000;
/** The notebook process's JavaScript heap, in MB: a cell that allocates without end stops here. */
export const CELL_MEMORY_MB = 1024;

export interface ProcessOptions {
  /** Directory of the generated module (the notebook process may read it). */
  dir: string;
  cellTimeout?: number;
  onEvent?: (event: RunEvent) => void;
}

/** Reads what a stream says, keeping at most the last `limit` characters. */
async function tail(stream: ReadableStream<Uint8Array>, limit = 64 * 1024): Promise<string> {
  let text = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    text = (text + chunk).slice(-limit);
  }
  return text;
}

/** The notebook process: `deno run` with only the permissions its cells may have. */
function spawnChild(config: ChildConfig, dir: string): Deno.ChildProcess {
  const root = fileURLToPath(ROOT);
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      `--config=${fileURLToPath(new URL("deno.json", ROOT))}`,
      // Only what is locked and cached: a cell cannot fetch code, or rewrite the lock.
      "--frozen",
      "--cached-only",
      "--no-remote",
      `--v8-flags=--max-old-space-size=${CELL_MEMORY_MB}`,
      `--allow-read=${root},${dir}`,
      `--allow-write=${config.socket}`,
      `--allow-net=unix:${config.socket}`,
      fileURLToPath(new URL("lib/execute/cell_process.ts", ROOT)),
      JSON.stringify(config),
    ],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
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
 * Runs the notebook process and serves its lab requests with `runner`. Enforces per-cell time
 * limits (the process is killed), maps failures to the notebook's file:line, and collects each
 * cell's outputs.
 */
export async function runNotebookProcess(
  notebook: Notebook,
  config: Omit<ChildConfig, "socket">,
  runner: Runner,
  options: ProcessOptions,
): Promise<{ cells: CellResult[]; error?: CellError }> {
  const socketDir = join(options.dir, "socket");
  await Deno.mkdir(socketDir, { mode: 0o700 });
  const socket = join(socketDir, "s");
  const listener = Deno.listen({ transport: "unix", path: socket });
  const child = spawnChild({ ...config, socket }, options.dir);
  const stderr = tail(child.stderr);

  const results = new Map<string, CellResult>(
    notebook.cells.map((c) => [c.id, { id: c.id, status: "not-run", ms: 0, outputs: [] }]),
  );
  let error: CellError | undefined;
  let current = "";
  let timer: ReturnType<typeof setTimeout> | undefined;

  const fail = (
    cell: string | undefined,
    line: number | undefined,
    msg: string,
    kind: CellErrorKind,
    make?: (message: string, cell: string, at: number) => CellError,
    cause?: unknown,
  ) => {
    const at = line ?? notebook.cells.find((x) => x.id === cell)?.line ?? 1;
    const message = `${notebook.path}:${at}${cell ? ` (cell ${cell})` : ""}: ${msg}`;
    error ??= make?.(message, cell ?? "", at) ??
      new CellError(message, cell ?? "", at, kind, { cause });
    const r = cell ? results.get(cell) : undefined;
    if (r) r.status = "failed";
  };

  // Standard output is the cells' own (Deno.stdout.write in a cell): it belongs to the cell running.
  const stdout = (async () => {
    for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) {
      handle({ t: "stream", cell: current, name: "stdout", text });
    }
  })();

  const conn = await acceptOnce(listener, socketDir, child);
  const replies = conn?.writable.getWriter();
  const reply = (r: LabReply) => replies?.write(jsonLine(r)).catch(() => {});

  const serve = async (id: number, work: () => Promise<LabReply["result"] | void>) => {
    try {
      reply({ id, result: (await work()) ?? undefined });
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      reply({ id, error: { name: err.name, message: err.message } });
    }
  };

  const startTimer = (cellId: string) => {
    const cell = notebook.cells.find((c) => c.id === cellId)!;
    const limit = cell.options.timeout ?? options.cellTimeout ?? DEFAULT_TIMEOUT;
    clearTimeout(timer);
    timer = setTimeout(() => {
      fail(
        cell.id,
        cell.line,
        `the cell did not finish within ${limit / 1000} s. If it needs longer, give it ` +
          `more with timeout=${Math.ceil(limit / 500)}s on its fence line.`,
        "timeout",
        (message, id, at) => new CellTimeoutError(message, id, at, limit),
      );
      child.kill("SIGKILL");
    }, limit);
  };

  function handle(message: ChildMessage) {
    if (isRequest(message)) {
      switch (message.t) {
        case "begin-cell":
          runner.beginCell(message.cell);
          break;
        case "end-cell":
          serve(message.id, async () => await runner.endCell(message.cell));
          break;
        case "exec":
          serve(
            message.id,
            () => runner.exec(message.cell, message.command, { timeout: message.timeout }),
          );
          break;
      }
      return;
    }
    const outputs = "cell" in message && message.cell
      ? results.get(message.cell)?.outputs
      : undefined;
    switch (message.t) {
      case "cell-start":
        current = message.cell;
        results.get(message.cell)!.outputs = [];
        startTimer(message.cell);
        break;
      case "cell-end":
        clearTimeout(timer);
        Object.assign(results.get(message.cell)!, {
          status: message.status,
          ms: message.ms,
          note: message.note,
        });
        break;
      case "command":
        outputs?.push({ type: "command", transcript: message.transcript });
        break;
      case "display":
        outputs?.push({ type: "display", bundle: message.bundle });
        break;
      case "stream":
        outputs?.push({ type: "stream", name: message.name, text: message.text });
        break;
      case "error":
        clearTimeout(timer);
        fail(
          message.cell,
          message.line,
          `${message.name}: ${message.message}`,
          errorKind(message.name),
          undefined,
          Object.assign(new Error(message.message), { name: message.name, stack: message.stack }),
        );
        break;
    }
    options.onEvent?.(message);
  }

  if (conn) {
    try {
      for await (const message of readJsonLines<ChildMessage>(conn.readable)) handle(message);
    } catch {
      // A broken channel: the process died; its status and stderr say why.
    }
  }
  const status = await child.status;
  clearTimeout(timer);
  await stdout;
  await replies?.close().catch(() => {});
  if (!status.success && !error) {
    const text = (await stderr).replaceAll(config.module, notebook.path).trim();
    if (/out of memory/i.test(text)) {
      fail(
        current || undefined,
        undefined,
        `out of memory: the cell used more than the ${CELL_MEMORY_MB} MB a notebook may use`,
        "out-of-memory",
      );
    } else {
      fail(
        current || undefined,
        undefined,
        text || `the notebook process exited ${status.code}`,
        "process",
      );
    }
  }
  return { cells: [...results.values()], error };
}

/** The kind of a failure the notebook process reported, by the error's name. */
function errorKind(name: string): CellErrorKind {
  if (name === "FixtureStaleError" || name === "FixtureMissingError") return "fixture";
  if (name === "CapabilityMissingError") return "lab";
  return "error";
}
