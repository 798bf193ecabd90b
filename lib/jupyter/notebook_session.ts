import type { LabOffer } from "../capability/registry.ts";
import type { Notebook } from "../notebook/model.ts";
import type { Runner } from "../cell/runner.ts";
import {
  type CheckFunction,
  configureCells,
  type HintFunction,
  nb,
  runCheck,
} from "../cell/hooks.ts";
import { Verdict } from "../cell/verdict.ts";
import { DISPLAY } from "../render/mime.ts";
import type { CellEvent } from "../cell/events.ts";
import { maybeSession, type Session, setSession } from "../cell/session.ts";
import { cellPlans } from "../execute/run_notebook.ts";
import { noLabToCheckBundle, outputBundle, skippedBundle } from "../export/output_bundle.ts";
import type { SessionOutput } from "./session_output.ts";
import { withPcapDownload } from "../render/pcap_attachment.ts";

/** The Jupyter output of a cell's event, if it has one: transcripts, displays, skip notes. */
function outputOf(event: CellEvent, lang: string | undefined) {
  switch (event.t) {
    case "command":
      return outputBundle({ type: "command", transcript: event.transcript });
    case "display":
      return withPcapDownload(event.bundle, `${event.cell}.pcap`, lang);
    case "cell-end":
      return event.status === "skipped" ? skippedBundle(event.cell, event.note, lang) : undefined;
  }
}

/**
 * A notebook running in a Jupyter kernel: one lab (or recording) for all its cells, each cell
 * framed by `cell()` and `end()`, as an exported .ipynb frames them. `start()` opens one.
 */
export class NotebookSession {
  /** The notebook whose cells this session runs. */
  readonly notebook: Notebook;
  /** Where the cells' lab commands go: a live lab, or the notebook's recording. */
  readonly mode: "live" | "replay";
  /** Why that mode was chosen, in words for the reader. */
  readonly reason: string;
  #runner: Runner;
  #output: SessionOutput;
  #cells: Session;
  #current: string | undefined;
  #shown: Promise<void> = Promise.resolve();
  #stopped?: Promise<void>;

  /**
   * A session over an open runner, showing its outputs through `output` (`start()` builds one
   * and shows the mode). Cells' `$`, `lab` and `show` run in this session from now on.
   */
  constructor(
    notebook: Notebook,
    runner: Runner,
    reason: string,
    output: SessionOutput,
    elsewhere: readonly LabOffer[] = [],
  ) {
    this.notebook = notebook;
    this.mode = runner.mode === "replay" ? "replay" : "live";
    this.reason = reason;
    this.#runner = runner;
    this.#output = output;
    // Each output is sent as it happens, in order with what the cell prints, and counts as
    // shown once the front end has it: a command (which waits for its transcript) and end()
    // never outrun their outputs.
    this.#cells = configureCells(
      runner,
      (event) => {
        const bundle = outputOf(event, notebook.meta.lang);
        if (!bundle) return;
        const shown = output.show(bundle);
        this.#shown = Promise.all([this.#shown, shown.catch(() => {})]).then(() => {});
        return shown;
      },
      cellPlans(notebook),
      {
        lab: (runner as { lab?: { info?: { kind?: string } } }).lab?.info?.kind,
        elsewhere,
        lang: notebook.meta.lang,
      },
    );
  }

  /** The host process that holds the live lab (the lab ends with it); undefined on replay. */
  get labPid(): number | undefined {
    return (this.#runner as { lab?: { pid: number } }).lab?.pid;
  }

  /** Whether `stop()` was called: the session runs no more cells. */
  get stopped(): boolean {
    return this.#stopped !== undefined;
  }

  /**
   * Starts the notebook's cell `id` (its lab calls are numbered from the first again, so a cell
   * can be run twice). False when the cell does not run here (marked skip, or the lab lacks
   * what it requires); its code is then wrapped in an `if`.
   */
  async cell(id: string): Promise<boolean> {
    const cell = this.notebook.cells.find((c) => c.id === id);
    if (!cell) {
      throw new RangeError(
        `${this.notebook.path} has no cell "${id}"; export the notebook again (deno task export)`,
      );
    }
    if (this.#stopped) throw new Error("this notebook's lab is stopped; run its first cell again");
    this.#current = undefined; // a cell that threw never reached its end()
    if (cell.options.skip) {
      nb.skip(id);
    } else if (await nb.begin(id)) {
      this.#current = id;
    }
    await this.#shown;
    return this.#current === id;
  }

  /**
   * Ends cell `id` (default: the cell running): checks what the cell promised (expect-error), and resolves once everything
   * the cell showed or printed has reached Jupyter, so that none of it arrives after Jupyter
   * considers the cell done.
   */
  async end(id: string | undefined = this.#current): Promise<void> {
    try {
      if (id !== undefined && this.#current === id) {
        this.#current = undefined;
        await nb.end(id);
      }
    } finally {
      await this.#shown;
      await this.#output.flush();
    }
  }

  /** Defines exercise `name`'s check (an exported check cell calls this). */
  defineCheck(name: string, check: CheckFunction): void {
    nb.defineCheck(name, check);
  }

  /** Defines exercise `name`'s hint from the lab (an exported hint cell calls this). */
  defineHint(name: string, hint: HintFunction): void {
    nb.defineHint(name, hint);
  }

  /** Runs an answer cell's code, and shows what the lab says (an exported answer cell). */
  answer(id: string, reveal: () => Promise<unknown>): Promise<void> {
    return nb.answer(id, reveal);
  }

  /**
   * Judges exercise `name` on the lab as it is now and shows the verdict, as the lab shell's
   * `check` does: what holds and what is missing. Live only: a replay has no lab to look at.
   */
  async check(name: string): Promise<Verdict | undefined> {
    if (this.mode === "replay") {
      await this.#output.show(noLabToCheckBundle(name, this.reason, this.notebook.meta.lang));
      return undefined;
    }
    const verdict = new Verdict(await runCheck(name));
    await this.#output.show(verdict[DISPLAY]());
    await this.#output.flush();
    return verdict;
  }

  /** Ends the lab (a live lab's namespaces and processes vanish with it). Safe to call twice. */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      this.#current = undefined;
      if (maybeSession() === this.#cells) setSession(undefined);
      try {
        await this.#shown;
        await this.#output.flush();
      } finally {
        await this.#output.close();
        await this.#runner.close();
      }
    })();
    return this.#stopped;
  }
}
