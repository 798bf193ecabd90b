/**
 * netbook inside Jupyter's Deno kernel: the exported .ipynb's first cell calls `start()`, and each
 * code cell is framed by `await nb.cell("id")` and `await nb.end("id")`. Cells run in the kernel itself, which holds the
 * runner (a live lab or the recording) and shows outputs with Deno.jupyter.display.
 */
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Capability } from "../capability/registry.ts";
import { parseNotebook } from "../notebook/parse.ts";
import type { Notebook } from "../notebook/model.ts";
import type { LabProbe } from "../lab/probe_lab.ts";
import type { Runner } from "../lab/runner.ts";
import type { MimeBundle } from "../render/mime.ts";
import { configureCells, nb } from "../cell/hooks.ts";
import type { CellEvent } from "../cell/events.ts";
import { cellPlans } from "../execute/run_notebook.ts";
import { openRunner } from "../execute/open_runner.ts";
import { setSession } from "../cell/session.ts";
import { fixturePathFor } from "../fixture/paths.ts";
import { outputBundle, skippedBundle } from "../export/output_bundle.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface StartOptions {
  /** The notebook, as `deno task notebook` names it: relative to the repository, or absolute. */
  notebook: string;
  /** Default: $NETBOOK_MODE, else "auto" (live where this machine can run the lab, else replay). */
  mode?: "auto" | "live" | "replay";
  /** Shows one output. Default: Deno.jupyter.display (raw), which only the Deno kernel has. */
  display?: (bundle: MimeBundle) => void | Promise<void>;
  /** Replaces the probe of this machine (tests). */
  probe?: (wanted: Capability[]) => Promise<LabProbe>;
}

type JupyterDisplay = (bundle: unknown, options: { raw: boolean }) => Promise<void>;

function jupyterDisplay(): (bundle: MimeBundle) => Promise<void> {
  let jupyter: { display: JupyterDisplay } | undefined;
  try {
    jupyter = (Deno as unknown as { jupyter?: { display: JupyterDisplay } }).jupyter;
  } catch {
    // Outside `deno jupyter`, Deno.jupyter throws when touched.
  }
  if (!jupyter) {
    throw new Error(
      "netbook.start() runs a notebook inside Jupyter's Deno kernel (`deno jupyter`). " +
        "In a terminal, run `deno task notebook NOTEBOOK.md` instead.",
    );
  }
  return (bundle) => jupyter.display(bundle, { raw: true });
}

function modeFrom(value: string | undefined): "auto" | "live" | "replay" {
  if (value === undefined || value === "") return "auto";
  if (value === "auto" || value === "live" || value === "replay") return value;
  throw new TypeError(`NETBOOK_MODE must be auto, live or replay (not "${value}")`);
}

/** A notebook running in a Jupyter kernel: one lab; each cell framed by `cell()` and `end()`. */
export class NotebookSession {
  readonly notebook: Notebook;
  readonly mode: "live" | "replay";
  readonly reason: string;
  #runner: Runner;
  #current: string | undefined;
  #shown: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(notebook: Notebook, runner: Runner, reason: string, show: RunEventSink) {
    this.notebook = notebook;
    this.mode = runner.mode === "replay" ? "replay" : "live";
    this.reason = reason;
    this.#runner = runner;
    // Jupyter drops displays still in flight when a cell ends: keep them in order, await them.
    configureCells(runner, (event) => {
      const shown = this.#shown.then(() => show(event));
      this.#shown = shown.catch(() => {});
      return shown;
    }, cellPlans(notebook));
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
    if (this.#closed) throw new Error("this notebook's lab is stopped; run its first cell again");
    this.#current = undefined; // a cell that threw never reached its end()
    if (cell.options.skip) {
      nb.skip(id);
    } else if (nb.begin(id)) {
      this.#current = id;
    }
    await this.#shown;
    return this.#current === id;
  }

  /** Ends cell `id`: checks what the cell promised (expect-error) and shows all it displayed. */
  async end(id: string): Promise<void> {
    if (this.#current === id) {
      this.#current = undefined;
      await nb.end(id);
    }
    await this.#shown;
    // Deno's kernel can report a cell done before its last display leaves (the front end then
    // drops it); one turn of the event loop lets the display go first.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /** Ends the lab (a live lab's namespaces vanish with it). */
  async stop(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#current = undefined;
    setSession(undefined);
    await this.#shown;
    await this.#runner.close();
  }
}

type RunEventSink = (event: CellEvent) => void | Promise<void>;

/** Turns the cells' events into Jupyter outputs: transcripts, displays and notes. */
function toOutputs(display: (bundle: MimeBundle) => void | Promise<void>): RunEventSink {
  return (event) => {
    switch (event.t) {
      case "command":
        return display(outputBundle({ type: "command", transcript: event.transcript }));
      case "display":
        return display(event.bundle);
      case "cell-end":
        if (event.status === "skipped") {
          return display(skippedBundle(event.cell, event.note));
        }
    }
  };
}

/**
 * Opens the lab for a notebook inside a Jupyter kernel and returns the session its cells use.
 * Live where this machine can run the lab, else the recording (say which with `mode` or
 * $NETBOOK_MODE). Shows the mode chosen and why.
 */
export async function start(options: StartOptions): Promise<NotebookSession> {
  const display = options.display ?? jupyterDisplay();
  const path = isAbsolute(options.notebook) ? options.notebook : join(ROOT, options.notebook);
  const notebook = parseNotebook(await Deno.readTextFile(path), options.notebook);
  const mode = options.mode ?? modeFrom(Deno.env.get("NETBOOK_MODE"));
  const opened = await openRunner(notebook, {
    mode,
    probe: options.probe,
    fixture: fixturePathFor(path),
  });
  const runner = opened.live ?? opened.replay!;
  const session = new NotebookSession(notebook, runner, opened.reason, toOutputs(display));
  await display({
    "text/plain": `${notebook.meta.title}\nmode: ${opened.mode} — ${opened.reason}`,
  });
  return session;
}
