import { type LabOffer, labThatHas, missingText } from "../capability/registry.ts";
import { shownCommand } from "../cell/command_line.ts";
import type { Notebook } from "../notebook/model.ts";
import { type Fence, fencePlan, type ModuleOptions } from "../notebook/to_module.ts";
import type { Runner } from "../cell/runner.ts";
import { CellError, type CellErrorKind, CellTimeoutError } from "./errors.ts";
import { type ErrorData, errorFromData, errorToData } from "./error_data.ts";
import { FixtureMissingError, FixtureStaleError } from "../fixture/errors.ts";
import { CapabilityMissingError, LabError } from "../lab/errors.ts";
import type { Lab } from "../lab/backend.ts";
import type { VerdictData } from "../cell/verdict.ts";
import type { ChildMessage, ParentAsk, RunEvent, WorkerReply } from "../runner/protocol.ts";
import type { Gate, RunControl } from "./run_control.ts";
import type { CellResult } from "./results.ts";

const DEFAULT_TIMEOUT = 60_000;
/** The most of each stream of a command its transcript shows (the cell gets all of it). */
export const SHOWN_LIMIT = 256 * 1024;
/** The most of what one cell prints, shows and runs that a run keeps and shows. */
export const CELL_OUTPUT_LIMIT = 8 * 1024 * 1024;

/** A stream of a transcript, cut at SHOWN_LIMIT with a note of what was left out. */
function shownPart(text: string): string {
  if (text.length <= SHOWN_LIMIT) return text;
  return `${text.slice(0, SHOWN_LIMIT)}\n[netbook shows the first ${SHOWN_LIMIT / 1024} KiB of ` +
    `this output; ${text.length - SHOWN_LIMIT} more characters are not shown]\n`;
}

/** The worker's answer to a ParentAsk. */
interface Told {
  verdict?: VerdictData;
  hint?: string;
  error?: ErrorData;
}

/** The kind of a failure, by the error's class: the recording's, the lab's, or the notebook's. */
function errorKind(error: Error): CellErrorKind {
  if (error instanceof FixtureStaleError || error instanceof FixtureMissingError) return "fixture";
  if (error instanceof CapabilityMissingError || error instanceof LabError) return "lab";
  return "error";
}

/** A fresh random key for each fence of a notebook's module (see toModule). */
export function fenceKeys(notebook: Notebook, options: ModuleOptions = {}): string[] {
  return fencePlan(notebook, options).map(() => {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  });
}

/** What the tracker needs besides the notebook and its runner. */
export interface TrackerOptions {
  /** The generated module's URL, as stack traces name it. */
  module: string;
  /** The kind of lab the cells run in ("netns", "vm"); absent on replay. */
  labKind?: string;
  /** The other kinds of lab the run could use: a skipped cell names one that has what it lacks. */
  elsewhere?: readonly LabOffer[];
  /** The key of each fence of fencePlan(notebook), as written into the module. */
  keys: string[];
  /** The module is a step run's (toStepModule): steered cells wait at a gate fence. */
  step?: boolean;
  /** Sends a reply, or a question, to the notebook's worker. */
  reply: (r: WorkerReply | ParentAsk) => void;
  /** Steers a gated run: asked at each gate fence, and at the end of the notebook. */
  gate?: Gate;
  /** The live lab, for the gate's steerer. */
  lab?: Lab;
  onEvent?: (event: RunEvent) => void;
  /** Called when a cell runs out of time: its process must be stopped. */
  onTimeout: () => void;
  /** Called once the notebook is over (done or failed): its worker must be stopped. */
  onFinished: () => void;
  cellTimeout?: number;
}

/**
 * One notebook of a notebook process, seen from the parent, which alone decides what happened:
 * a cell starts and ends when the module reaches its fences (each with its key, in order), its
 * transcripts are the commands this tracker ran for it, and its time limit is kept here. It
 * serves the notebook's lab requests with its runner, keeps each cell's outputs, and turns
 * failures into a CellError at the notebook's own file:line.
 */
export class NotebookTracker {
  readonly results: Map<string, CellResult>;
  error?: CellError;
  /** The cell running now ("" between cells). */
  current = "";
  /** The notebook's module ran to its last fence. */
  done = false;
  /** The notebook's turn came (it may have run). */
  started = false;
  #plan: Fence[];
  #next = 0;
  #queued: ChildMessage[] = [];
  /** A cell's end being checked (a runner's endCell that takes time): messages wait for it. */
  #ending?: Promise<void>;
  #timer?: ReturnType<typeof setTimeout>;
  /** The current cell's requirements are missing: it runs nothing. */
  #skipping = false;
  /** A command failed in the current cell (an expect-error cell needs one). */
  #commandFailed = false;
  /** How much of the current cell's output is kept (see CELL_OUTPUT_LIMIT). */
  #kept = 0;
  #finished = false;
  #asks = new Map<number, { resolve: (m: Told) => void; reject: (e: Error) => void }>();
  #nextAsk = 1;
  /** What a gate's steerer may do: look into the lab, ask the worker for checks and hints. */
  readonly control: RunControl;

  /** The generated module's URL, as stack traces name it. */
  get module(): string {
    return this.o.module;
  }

  constructor(
    readonly notebook: Notebook,
    readonly runner: Runner,
    private readonly o: TrackerOptions,
  ) {
    this.results = new Map(
      notebook.cells.map((c) => [c.id, { id: c.id, status: "not-run", ms: 0, outputs: [] }]),
    );
    this.#plan = fencePlan(notebook, { step: o.step });
    const ask = (what: ParentAsk["what"], exercise: string) =>
      new Promise<Told>((resolve, reject) => {
        if (this.#finished) {
          return reject(new Error("the notebook stopped, so it can no longer check the lab"));
        }
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
        if (told.error) throw errorFromData(told.error);
        return told.verdict!;
      },
      hint: async (name) => {
        const told = await ask("hint", name);
        if (told.error) throw errorFromData(told.error);
        return told.hint;
      },
    };
  }

  /** The notebook's worker has ended: what was asked of it will never be answered. */
  abandonAsks(): void {
    for (const { reject } of this.#asks.values()) {
      reject(new Error("the notebook stopped, so it can no longer check the lab"));
    }
    this.#asks.clear();
  }

  /** It is this notebook's turn: what its worker said while it waited is handled now. */
  activate(): void {
    this.started = true;
    for (const message of this.#queued.splice(0)) this.handle(message);
  }

  /** The notebook is over: done, or failed. */
  get finished(): boolean {
    return this.#finished;
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.stopTimer();
    this.abandonAsks();
    this.o.onFinished();
  }

  /** Records a failure (the first one counts), marks its cell failed, and ends the notebook. */
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
    if (!this.error) {
      this.error = options.make?.(full, cell ?? "", at) ??
        new CellError(full, cell ?? "", at, kind, { cause: options.cause });
      const r = cell ? this.results.get(cell) : undefined;
      if (r) r.status = "failed";
    }
    this.#finish();
  }

  stopTimer(): void {
    clearTimeout(this.#timer);
  }

  #startTimer(cellId: string): void {
    const cell = this.notebook.cells.find((c) => c.id === cellId)!;
    const limit = cell.options.timeout ?? this.o.cellTimeout ?? DEFAULT_TIMEOUT;
    this.stopTimer();
    this.#timer = setTimeout(() => {
      // The process is stopped first: no other notebook's turn comes in it.
      this.o.onTimeout();
      this.fail(
        cell.id,
        cell.line,
        `the cell did not finish within ${limit / 1000} s. If it needs longer, give it ` +
          `more with timeout=${Math.ceil(limit / 500)}s on its fence line.`,
        "timeout",
        { make: (message, id, at) => new CellTimeoutError(message, id, at, limit) },
      );
    }, limit);
  }

  #emit(event: RunEvent): void {
    try {
      this.o.onEvent?.(event);
    } catch (e) {
      // A watcher that fails (the terminal printer) fails the run, saying so: not the notebook.
      if (this.error) return;
      this.fail(
        this.current || undefined,
        undefined,
        `netbook could not show this run: ${e instanceof Error ? `${e.name}: ${e.message}` : e}`,
        "process",
      );
    }
  }

  /** Text the notebook process wrote outside the protocol: the running cell's output. */
  stray(text: string): void {
    this.handle({ t: "stream", name: "stdout", text, n: -1 });
  }

  handle(message: ChildMessage): void {
    if (!this.started || this.#ending) {
      this.#queued.push(message);
      return;
    }
    if (this.#finished) return;
    switch (message.t) {
      case "fence":
        return this.#fence(message);
      case "exec":
        return void this.#exec(message);
      case "stream": {
        const { name, text } = message;
        this.#output({ t: "stream", cell: this.current, name, text });
        return;
      }
      case "display":
        this.#output({ t: "display", cell: this.current, bundle: message.bundle });
        return;
      case "failed":
        return this.#failed(message);
      case "exit":
        return this.fail(
          this.current || undefined,
          undefined,
          `the cell called Deno.exit(${message.code}), which ends the notebook. A cell that ` +
            "must stop the notebook throws an Error instead: its message is then shown here.",
          "process",
        );
      case "told": {
        const waiting = this.#asks.get(message.id);
        this.#asks.delete(message.id);
        waiting?.resolve(message);
        return;
      }
      case "closed":
        return this.fail(
          this.current || undefined,
          undefined,
          "the notebook's code ended its own worker (close(), or process.exit) before its " +
            "last cell finished. A cell that must stop the notebook throws an Error instead.",
          "process",
        );
    }
  }

  /**
   * Whether `size` more of the current cell's output may be kept: past CELL_OUTPUT_LIMIT the
   * rest is dropped, and the cell's output says so once. Memory stays bounded by the limits, not
   * by what a cell prints.
   */
  #keep(size: number): boolean {
    const before = this.#kept;
    this.#kept += size;
    if (this.#kept <= CELL_OUTPUT_LIMIT) return true;
    if (before <= CELL_OUTPUT_LIMIT) {
      const text = `[netbook keeps at most ${CELL_OUTPUT_LIMIT / 2 ** 20} MiB of what a cell ` +
        "prints and shows; the rest of this cell's output is not kept]\n";
      this.results.get(this.current)?.outputs.push({ type: "stream", name: "stderr", text });
      this.#emit({ t: "stream", cell: this.current, name: "stderr", text });
    }
    return false;
  }

  /** A cell's output, as it arrives: kept with the cell that runs now. */
  #output(event: Extract<RunEvent, { t: "stream" | "display" }>): void {
    const outputs = this.current ? this.results.get(this.current)?.outputs : undefined;
    const size = event.t === "stream"
      ? event.text.length
      : Object.values(event.bundle).reduce((n, v) => n + String(v).length, 0);
    if (outputs && !this.#keep(size)) return;
    if (event.t === "stream") outputs?.push({ type: "stream", name: event.name, text: event.text });
    else outputs?.push({ type: "display", bundle: event.bundle });
    this.#emit(event);
  }

  #fence(m: Extract<ChildMessage, { t: "fence" }>): void {
    const i = this.#next;
    const fence = this.#plan[i];
    if (!fence || m.kind !== fence.kind || m.key !== this.o.keys[i]) {
      const where = fence?.cell ? `the ${fence.kind} of cell ${fence.cell}` : `its ${fence?.kind}`;
      this.fail(
        this.current || fence?.cell,
        undefined,
        `the notebook's code reached a cell's fence out of turn (netbook expected ${where}). ` +
          "Each cell's code must be complete on its own (no comment, string or block opened " +
          "in one cell and closed in another), and cells cannot mark cells begun or ended.",
        "error",
      );
      return;
    }
    this.#next++;
    const id = m.id;
    switch (fence.kind) {
      case "open":
        return this.o.reply({ id });
      case "gate":
        return this.#gate(fence.cell!, id);
      case "begin":
        return this.#begin(fence.cell!);
      case "skip": {
        this.#emit({ t: "cell-start", cell: fence.cell! });
        this.#ended(fence.cell!, "skipped", 0, "marked skip");
        return;
      }
      case "end":
        return this.#end(fence.cell!);
      case "close":
        return this.#close();
    }
  }

  /**
   * The module ran to its last line. A steered run waits there too, so that its steerer can
   * still look into the lab and ask for checks, before the notebook is done.
   */
  #close(): void {
    const done = () => {
      if (this.#finished) return;
      this.done = true;
      this.#emit({ t: "done" });
      this.#finish();
    };
    if (!this.o.gate) return done();
    this.o.gate(undefined, this.control).then(
      done,
      (e) => this.fail(undefined, undefined, `the run's steerer failed: ${e}`, "process"),
    );
  }

  /**
   * A steered cell waits for whoever steers the run (step mode, the lab shell), who may look into
   * the lab and ask for checks meanwhile; a cell they skip is skipped (its begin and end fences
   * will not come).
   */
  #gate(cell: string, id: number): void {
    this.stopTimer();
    const gate = this.o.gate ?? (() => Promise.resolve(true));
    gate(cell, this.control).then(
      (go) => {
        if (this.#finished) return;
        if (!go) {
          this.#next += 2;
          this.#emit({ t: "cell-start", cell });
          this.#ended(cell, "skipped", 0, "you skipped it");
        }
        this.o.reply({ id, run: go });
      },
      (e) => this.o.reply({ id, error: errorToData(e) }),
    );
  }

  #started = 0;

  #begin(cell: string): void {
    const plan = this.notebook.cells.find((c) => c.id === cell)!;
    this.current = cell;
    this.#commandFailed = false;
    this.#kept = 0;
    this.#started = performance.now();
    this.results.get(cell)!.outputs = [];
    this.#emit({ t: "cell-start", cell });
    this.#startTimer(cell);
    this.runner.beginCell(cell);
    const missing = plan.options.requires.filter((c) => !this.runner.capabilities.has(c));
    this.#skipping = missing.length > 0;
    if (this.#skipping) {
      const elsewhere = labThatHas(missing, this.o.labKind, this.o.elsewhere);
      this.#ended(
        cell,
        "skipped",
        0,
        `this lab lacks ${missing.map(missingText).join(", ")}` +
          (elsewhere ? `; the ${elsewhere} lab has it: run with --backend ${elsewhere}` : ""),
        elsewhere,
      );
    }
  }

  #ended(
    cell: string,
    status: "ok" | "expected-error" | "skipped",
    ms: number,
    note?: string,
    elsewhere?: string,
  ) {
    this.stopTimer();
    Object.assign(this.results.get(cell)!, { status, ms, note });
    this.#emit({ t: "cell-end", cell, status, ms, note, ...(elsewhere ? { elsewhere } : {}) });
  }

  /**
   * A cell's code ran to its end: it ended well if it kept its promises (expect-error) and its
   * runner agrees (replay: every recorded call made). A runner that answers later holds back what
   * comes after, so that nothing of the next cell is taken for this one's.
   */
  #end(cell: string): void {
    const plan = this.notebook.cells.find((c) => c.id === cell)!;
    if (this.#skipping) {
      this.#skipping = false;
      this.current = "";
      return;
    }
    const failed = (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      this.fail(cell, plan.endLine, `${err.name}: ${err.message}`, errorKind(err), {
        cause: err,
      });
    };
    const ended = () => {
      if (this.#finished) return;
      const ms = Math.round(performance.now() - this.#started);
      this.#ended(cell, plan.options.expectError ? "expected-error" : "ok", ms);
      this.current = "";
    };
    if (plan.options.expectError && !this.#commandFailed) {
      return failed(
        new Error(
          `cell "${cell}" is marked expect-error, but nothing in it failed. ` +
            "Remove expect-error, or check that the cell still shows the failure it teaches.",
        ),
      );
    }
    let check: void | Promise<void>;
    try {
      check = this.runner.endCell(cell);
    } catch (e) {
      return failed(e);
    }
    if (!(check instanceof Promise)) return ended();
    this.#ending = check.then(ended, failed).finally(() => {
      this.#ending = undefined;
      for (const message of this.#queued.splice(0)) this.handle(message);
    });
  }

  async #exec(m: Extract<ChildMessage, { t: "exec" }>): Promise<void> {
    const cell = this.current;
    const refuse = (message: string) =>
      this.o.reply({ id: m.id, error: errorToData(new Error(message)) });
    // A check or hint the steerer asked for runs between cells (its commands are not shown).
    const asked = !cell && this.#asks.size > 0 && !m.show;
    if ((!cell && !asked) || this.#skipping) {
      return refuse(
        `a lab command ran outside any cell (\`${m.command}\`): something a cell left ` +
          "running (a timer, a promise not awaited) ran it after the cell ended.",
      );
    }
    const shown = m.show ? shownCommand(m.command, m.show, cell) : undefined;
    if (m.show && shown === undefined) {
      return refuse(`a transcript must show the command that ran; \`${m.command}\` is not it`);
    }
    if (shown) this.#emit({ t: "command-start", cell, command: shown });
    let result;
    try {
      result = await this.runner.exec(cell, m.command, { timeout: m.timeout });
    } catch (e) {
      // The runner's error crosses to the cell as data, and comes back as what the cell threw.
      return this.o.reply({
        id: m.id,
        error: errorToData(e instanceof Error ? e : new Error(String(e))),
      });
    }
    if (this.#finished || this.current !== cell) return;
    const failed = result.code !== 0;
    if (failed) this.#commandFailed = true;
    if (shown) {
      const plan = this.notebook.cells.find((c) => c.id === cell)!;
      const expected = failed && (Boolean(m.noThrow) || plan.options.expectError);
      const stdout = shownPart(result.stdout);
      const stderr = shownPart(result.stderr);
      const transcript = { command: shown, ...result, stdout, stderr, expected };
      if (this.#keep(shown.length + stdout.length + stderr.length)) {
        this.results.get(cell)!.outputs.push({ type: "command", transcript });
        this.#emit({ t: "command", cell, transcript });
      }
    }
    this.o.reply({ id: m.id, result });
  }

  /** A stack without Deno's own frames (timers, promises): only the notebook's and netbook's. */
  #frames(stack: string): string {
    return stack.split("\n").filter((l) => !/^\s+at .*\b(?:ext|node):/.test(l)).join("\n");
  }

  #lineOf(text: string | undefined, file = this.o.module): number | undefined {
    if (!text) return undefined;
    const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const m = new RegExp(`${escaped}:(\\d+)`).exec(text);
    return m ? Number(m[1]) : undefined;
  }

  /**
   * The notebook line a failure is reported at: the deepest frame of the stack inside the running
   * cell (a check that fails in a helper another cell defined, such as `expect(...)`, is reported
   * where this cell called it), else the deepest frame in the notebook.
   */
  #lineIn(stack: string | undefined, cell: string | undefined): number | undefined {
    if (!stack) return undefined;
    const escaped = this.o.module.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const lines = [...stack.matchAll(new RegExp(`${escaped}:(\\d+)`, "g"))].map((m) =>
      Number(m[1])
    );
    const at = this.notebook.cells.findIndex((c) => c.id === cell);
    const here = this.notebook.cells[at];
    if (!here) return lines[0];
    const from = here.line;
    const end = this.notebook.cells[at + 1]?.line ?? Infinity;
    return lines.find((l) => l >= from && l < end) ?? lines[0];
  }

  /**
   * The fence on a line of the module, if any, and the cell whose code did not end before it:
   * a syntax error there means a cell's code was not complete on its own.
   */
  #fenceAt(line: number | undefined): { line: number; cell?: string; what: string } | undefined {
    if (line === undefined) return undefined;
    const cells = this.notebook.cells;
    const i = cells.findIndex((c) => c.line === line || c.endLine === line);
    const at = cells[i]; // undefined when no cell starts or ends on the line (i is -1)
    const last = this.notebook.source.split("\n").length;
    if (!at && line !== last) return undefined;
    if (at && at.endLine === line && !at.options.skip) {
      return { line, cell: at.id, what: `the end of cell ${at.id}` };
    }
    const before = cells.slice(0, at ? i : cells.length).findLast((c) => !c.options.skip);
    return {
      line,
      cell: before?.id,
      what: at ? `the start of cell ${at.id}` : "the end of the notebook",
    };
  }

  /** A syntax error's text: the first error, and at a fence, what it means. */
  #syntax(text: string): string {
    const [head = ""] = text.split(/\n\n(?=\S*Error: )/);
    const first = head.trim();
    const fence = this.#fenceAt(this.#lineOf(first, this.notebook.path));
    if (!fence) return first;
    return `${first.split("\n")[0]}, at ${fence.what} (line ${fence.line}): the code of ` +
      `cell ${fence.cell} is not complete on its own. A comment, string, template or block ` +
      "that a cell opens must also close in it.";
  }

  /** The notebook's code failed: said at the notebook's own file:line. */
  #failed(failed: Extract<ChildMessage, { t: "failed" }>): void {
    // What the worker sent is not trusted: anything that is not an error's data is an Error.
    const thrown = errorFromData(failed.error);
    const data = (typeof failed.error === "object" && failed.error) || {} as Partial<ErrorData>;
    const m = {
      name: thrown.name,
      message: thrown.message,
      stack: typeof data.stack === "string" ? data.stack : undefined,
      site: typeof failed.site === "string" ? failed.site : undefined,
    };
    const here = (s: string) => s.replaceAll(this.o.module, this.notebook.path);
    const running = this.current || undefined;
    const line = this.#lineIn(m.site, running) ?? this.#lineIn(m.stack, running) ??
      this.#lineOf(m.message);
    let cell = this.current || undefined;
    if (!cell && line) {
      cell = this.notebook.cells.findLast((c) => c.line <= line)?.id;
    }
    // A module that does not compile is reported by Deno as a TypeError wrapping the SyntaxError.
    const syntax = /^(?:Uncaught )?SyntaxError: /.test(m.message) &&
      (m.name === "TypeError" || m.name === "Error");
    const unlocked = /lockfile is out of date|not found in cache|remote specifier was requested/
      .test(m.message);
    const message = syntax
      ? this.#syntax(here(m.message.replace(/^(?:Uncaught )?SyntaxError: /, "")))
      : unlocked
      ? "a cell imports code that netbook has not locked and cached; notebooks may import only " +
        `what netbook's deno.lock holds.\n${m.message}`
      : m.message;
    const name = syntax ? "SyntaxError" : m.name;
    const fence = syntax
      ? this.#fenceAt(this.#lineOf(here(m.message), this.notebook.path))
      : undefined;
    if (fence) cell = fence.cell;
    const event = {
      t: "error" as const,
      cell,
      line: fence?.line ?? line ??
        (cell ? this.notebook.cells.find((c) => c.id === cell)?.line : undefined),
      name,
      message: here(message),
      stack: m.stack && here(this.#frames(m.stack)),
    };
    this.#emit(event);
    // The cause is what the cell threw, of its own class (a CommandError with its result, a
    // LabError ...), saying it at the notebook's path; a syntax error is the SyntaxError it wraps.
    const cause = syntax ? new SyntaxError(event.message) : thrown;
    cause.message = event.message;
    if (event.stack !== undefined) cause.stack = event.stack;
    this.fail(event.cell, event.line, `${name}: ${event.message}`, errorKind(cause), { cause });
  }
}
