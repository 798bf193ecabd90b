import type { Notebook } from "../notebook/model.ts";
import type { Runner } from "../lab/runner.ts";
import { CellError, type CellErrorKind, CellTimeoutError } from "./errors.ts";
import type { Lab } from "../lab/backend.ts";
import type { VerdictData } from "../cell/verdict.ts";
import type { ChildMessage, LabReply, ParentAsk, RunEvent } from "./protocol.ts";
import type { Gate, RunControl } from "./run_control.ts";
import type { CellResult } from "./results.ts";

const DEFAULT_TIMEOUT = 60_000;

/** The notebook process's answer to a ParentAsk. */
interface Told {
  verdict?: VerdictData;
  hint?: string;
  error?: string;
}

/** The kind of a failure the notebook process reported, by the error's name. */
function errorKind(name: string): CellErrorKind {
  if (name === "FixtureStaleError" || name === "FixtureMissingError") return "fixture";
  if (name === "CapabilityMissingError") return "lab";
  return "error";
}

/**
 * One notebook of a notebook process, seen from the parent: serves its lab requests with its
 * runner, keeps each cell's outputs, enforces each cell's time limit, and turns failures into a
 * CellError at the notebook's own file:line.
 */
export class NotebookTracker {
  readonly results: Map<string, CellResult>;
  error?: CellError;
  /** The cell running now ("" between cells). */
  current = "";
  /** The notebook process said this notebook is done. */
  done = false;
  /** Something of this notebook arrived (it started). */
  started = false;
  #timer?: ReturnType<typeof setTimeout>;
  #asks = new Map<number, { resolve: (m: Told) => void; reject: (e: Error) => void }>();
  #nextAsk = 1;
  /** What a gate's steerer may do. */
  readonly control: RunControl;

  constructor(
    readonly notebook: Notebook,
    readonly runner: Runner,
    private readonly o: {
      reply: (r: LabReply | ParentAsk) => void;
      /** Steers a gated run. */
      gate?: Gate;
      /** The live lab, for the gate's steerer. */
      lab?: Lab;
      onEvent?: (event: RunEvent) => void;
      /** Called when a cell runs out of time: its process must be stopped. */
      onTimeout: () => void;
      cellTimeout?: number;
    },
  ) {
    this.results = new Map(
      notebook.cells.map((c) => [c.id, { id: c.id, status: "not-run", ms: 0, outputs: [] }]),
    );
    const ask = (what: ParentAsk["what"], exercise: string) =>
      new Promise<Told>((resolve, reject) => {
        const id = this.#nextAsk++;
        this.#asks.set(id, { resolve, reject });
        this.o.reply({ t: "ask", id, what, exercise });
      });
    this.control = {
      notebook,
      mode: runner.mode,
      lab: o.lab,
      check: async (name) => {
        const told = await ask("check", name);
        if (told.error) throw new Error(told.error);
        return told.verdict!;
      },
      hint: async (name) => {
        const told = await ask("hint", name);
        if (told.error) throw new Error(told.error);
        return told.hint;
      },
    };
  }

  /** The notebook process has ended: what was asked of it will never be answered. */
  abandonAsks(): void {
    for (const { reject } of this.#asks.values()) {
      reject(new Error("the notebook stopped, so it can no longer check the lab"));
    }
    this.#asks.clear();
  }

  /** Records a failure (the first one counts) and marks its cell failed. */
  fail(
    cell: string | undefined,
    line: number | undefined,
    message: string,
    kind: CellErrorKind,
    options: { cause?: unknown; make?: (message: string, cell: string, at: number) => CellError } =
      {},
  ): void {
    this.stopTimer();
    const at = line ?? this.notebook.cells.find((x) => x.id === cell)?.line ?? 1;
    const full = `${this.notebook.path}:${at}${cell ? ` (cell ${cell})` : ""}: ${message}`;
    this.error ??= options.make?.(full, cell ?? "", at) ??
      new CellError(full, cell ?? "", at, kind, { cause: options.cause });
    const r = cell ? this.results.get(cell) : undefined;
    if (r) r.status = "failed";
  }

  stopTimer(): void {
    clearTimeout(this.#timer);
  }

  #startTimer(cellId: string): void {
    const cell = this.notebook.cells.find((c) => c.id === cellId)!;
    const limit = cell.options.timeout ?? this.o.cellTimeout ?? DEFAULT_TIMEOUT;
    this.stopTimer();
    this.#timer = setTimeout(() => {
      this.fail(
        cell.id,
        cell.line,
        `the cell did not finish within ${limit / 1000} s. If it needs longer, give it ` +
          `more with timeout=${Math.ceil(limit / 500)}s on its fence line.`,
        "timeout",
        { make: (message, id, at) => new CellTimeoutError(message, id, at, limit) },
      );
      this.o.onTimeout();
    }, limit);
  }

  async #serve(id: number, work: () => Promise<LabReply["result"] | void>): Promise<void> {
    try {
      this.o.reply({ id, result: (await work()) ?? undefined });
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      this.o.reply({ id, error: { name: err.name, message: err.message } });
    }
  }

  /** Text the notebook process wrote outside the protocol: the running cell's output. */
  stray(text: string): void {
    this.handle({ t: "stream", cell: this.current, name: "stdout", text, n: -1 });
  }

  handle(message: ChildMessage): void {
    this.started = true;
    const { n: _, ...event } = message;
    switch (event.t) {
      case "begin-cell":
        this.runner.beginCell(event.cell);
        return;
      case "end-cell":
        this.#serve(event.id, async () => await this.runner.endCell(event.cell));
        return;
      case "exec":
        this.#serve(
          event.id,
          () => this.runner.exec(event.cell, event.command, { timeout: event.timeout }),
        );
        return;
      case "gate": {
        this.stopTimer();
        const gate = this.o.gate ?? (() => Promise.resolve(true));
        gate(event.cell || undefined, this.control).then(
          (go) => this.o.reply({ id: event.id, go }),
          (e) => this.o.reply({ id: event.id, error: { name: "Error", message: String(e) } }),
        );
        return;
      }
      case "told": {
        const waiting = this.#asks.get(event.id);
        this.#asks.delete(event.id);
        waiting?.resolve(event);
        return;
      }
    }
    const outputs = "cell" in event && event.cell
      ? this.results.get(event.cell)?.outputs
      : undefined;
    switch (event.t) {
      case "cell-start":
        this.current = event.cell;
        this.results.get(event.cell)!.outputs = [];
        this.#startTimer(event.cell);
        break;
      case "cell-end":
        this.stopTimer();
        Object.assign(this.results.get(event.cell)!, {
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
        this.fail(
          event.cell,
          event.line,
          `${event.name}: ${event.message}`,
          errorKind(event.name),
          {
            cause: Object.assign(new Error(event.message), {
              name: event.name,
              stack: event.stack,
            }),
          },
        );
        break;
      case "done":
        this.done = true;
        break;
    }
    this.o.onEvent?.(event);
  }
}
