import { fileURLToPath } from "node:url";
import type { Notebook } from "../notebook/model.ts";
import { CellError } from "../lab/errors.ts";
import type { Runner } from "../lab/runner.ts";
import type { ChildConfig } from "./cell_process.ts";
import { EVENT_MARK, type RunEvent } from "./events.ts";
import type { Reply } from "./remote_runner.ts";
import type { CellResult } from "./run_notebook.ts";

const ROOT = new URL("../../", import.meta.url);
const DEFAULT_TIMEOUT = 60_000;

export interface ProcessOptions {
  /** Directory of the generated module (the notebook process may read it). */
  dir: string;
  cellTimeout?: number;
  onEvent?: (event: RunEvent) => void;
}

/** Events that are requests to the runner, not news for hooks. */
const REQUESTS = new Set(["begin-cell", "end-cell", "exec"]);

/**
 * Runs the notebook process and serves its lab requests with `runner`. Enforces per-cell time
 * limits (the process is killed), maps failures to the notebook's file:line, and collects each
 * cell's outputs.
 */
export async function runNotebookProcess(
  notebook: Notebook,
  config: ChildConfig,
  runner: Runner,
  options: ProcessOptions,
): Promise<{ cells: CellResult[]; error?: CellError }> {
  const root = fileURLToPath(ROOT);
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      `--config=${fileURLToPath(new URL("deno.json", ROOT))}`,
      `--allow-read=${root},${options.dir}`,
      fileURLToPath(new URL("lib/execute/cell_process.ts", ROOT)),
      JSON.stringify(config),
    ],
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const replies = child.stdin.getWriter();
  const encoder = new TextEncoder();
  const reply = (r: Reply) =>
    replies.write(encoder.encode(JSON.stringify(r) + "\n")).catch(() => {});

  const results = new Map<string, CellResult>(
    notebook.cells.map((c) => [c.id, { id: c.id, status: "not-run", ms: 0, outputs: [] }]),
  );
  let error: CellError | undefined;
  let current = "";
  let timer: ReturnType<typeof setTimeout> | undefined;

  const fail = (cell: string | undefined, line: number | undefined, msg: string, kind: string) => {
    const at = line ?? notebook.cells.find((x) => x.id === cell)?.line ?? 1;
    error ??= new CellError(
      `${notebook.path}:${at}${cell ? ` (cell ${cell})` : ""}: ${msg}`,
      cell ?? "",
      at,
      kind,
    );
    const r = cell ? results.get(cell) : undefined;
    if (r) r.status = "failed";
  };

  const serve = async (id: number, work: () => Promise<Reply["result"] | void>) => {
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
        `the cell did not finish within ${limit / 1000}s. If it needs longer, give it ` +
          `more with timeout=${Math.ceil(limit / 500)}s on its fence line.`,
        "TimeoutError",
      );
      child.kill("SIGKILL");
    }, limit);
  };

  const handle = (event: RunEvent) => {
    const outputs = "cell" in event && event.cell ? results.get(event.cell)?.outputs : undefined;
    switch (event.t) {
      case "begin-cell":
        runner.beginCell(event.cell);
        break;
      case "end-cell":
        serve(event.id, async () => await runner.endCell(event.cell));
        break;
      case "exec":
        serve(event.id, () => runner.exec(event.cell, event.command, { timeout: event.timeout }));
        break;
      case "cell-start":
        current = event.cell;
        results.get(event.cell)!.outputs = [];
        startTimer(event.cell);
        break;
      case "cell-end":
        clearTimeout(timer);
        Object.assign(results.get(event.cell)!, {
          status: event.status,
          ms: event.ms,
          note: event.note,
        });
        break;
      case "command":
        outputs?.push({ type: "command", transcript: event.transcript });
        break;
      case "display":
        outputs?.push({ type: "display", bundle: event.bundle });
        break;
      case "stream":
        outputs?.push({ type: "stream", name: event.name, text: event.text });
        break;
      case "error":
        clearTimeout(timer);
        fail(event.cell, event.line, `${event.name}: ${event.message}`, event.name);
        break;
    }
    if (!REQUESTS.has(event.t)) options.onEvent?.(event);
  };

  const stderr = new Response(child.stderr).text();
  let buffer = "";
  for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      // A cell's own output without a final newline runs into the next event line.
      const mark = line.indexOf(EVENT_MARK);
      const text = mark < 0 ? line + "\n" : line.slice(0, mark);
      if (text) handle({ t: "stream", cell: current, name: "stdout", text });
      if (mark >= 0) handle(JSON.parse(line.slice(mark + 1)));
    }
  }
  const status = await child.status;
  clearTimeout(timer);
  await replies.close().catch(() => {});
  if (!status.success && !error) {
    const text = (await stderr).replaceAll(config.module, notebook.path).trim();
    fail(
      current || undefined,
      undefined,
      text || `the notebook process exited ${status.code}`,
      "Error",
    );
  }
  return { cells: [...results.values()], error };
}
