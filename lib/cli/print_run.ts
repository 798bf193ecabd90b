import { dirname } from "node:path";
import type { Cell, Notebook } from "../notebook/model.ts";
import { parseNotebook } from "../notebook/parse.ts";
import type { RunEvent } from "../runner/protocol.ts";
import type { Output } from "../execute/results.ts";
import { markdownToTerminal } from "../render/markdown_terminal.ts";
import { cellToTerminal, outputToTerminal } from "./terminal_output.ts";
import { mermaidToTerminal } from "../render/mermaid_terminal.ts";
import type { Style } from "../render/style.ts";
import { modeLine, notebookIntro } from "./notebook_intro.ts";
import {
  type Next,
  nextNotebook,
  notebookRecap,
  type SkippedCell,
  splitRecap,
} from "./notebook_recap.ts";
import { Spinner } from "./spinner.ts";
import { exerciseToTerminal, questionToTerminal } from "./exercise_terminal.ts";
import { visible, visibleDeep } from "../render/visible.ts";
import { messagesFor } from "../i18n/messages.ts";

export interface PrintOptions {
  style: Style;
  /** Columns for prose and code (a reading width). */
  width: number;
  /** Columns for diagrams, tables and transcripts: the terminal's own. Default `width`. */
  columns?: number;
  /** Only outputs: no narrative, no code, no header or recap. */
  quiet: boolean;
  /** Show a progress indicator for slow commands. */
  tty: boolean;
  write: (text: string) => void;
}

/** The notebook after this one in its folder, with its title when it reads. */
function findNext(path: string): Next {
  let names: string[];
  try {
    names = [...Deno.readDirSync(dirname(path))].filter((e) => e.isFile).map((e) => e.name);
  } catch {
    return { kind: "none" };
  }
  const next = nextNotebook(path, names);
  if (next.kind !== "next") return next;
  try {
    return {
      ...next,
      title: visible(parseNotebook(Deno.readTextFileSync(next.path), next.path).meta.title),
    };
  } catch {
    return next;
  }
}

/**
 * Prints a notebook as it runs: its header (title, summary, objectives) and the mode, the
 * narrative and code up to each cell as that cell starts, then its outputs as they arrive, and
 * at the end a recap and the next notebook. Everything fits `width`. Returns the event handler
 * and the functions that print the header, the mode and the rest. Everything that comes from
 * the notebook, its commands or its recording is shown as text (visible()) before it is laid
 * out: only netbook's own colours reach the terminal as such.
 */
export function printRun(source: Notebook, o: PrintOptions) {
  const notebook = visibleDeep(source);
  const { style: s, width } = o;
  const lang = notebook.meta.lang;
  const columns = o.columns ?? width;
  const spinner = new Spinner(o.write);
  const line = (text: string) => o.write(text + "\n");
  let next = 0; // index into notebook.parts
  // An exercise's check and hint are for the lab shell to run; the HTML page shows them folded.
  const definition = (c: Cell) =>
    c.options.role?.kind === "check" || c.options.role?.kind === "hint";
  const hidden = new Set(
    notebook.cells.filter((c) => c.options.hidden || definition(c)).map((c) => c.id),
  );
  const marked = new Set(notebook.cells.filter((c) => c.options.skip).map((c) => c.id));
  const skipped: SkippedCell[] = [];

  const printPartsUntil = (stop: number) => {
    for (const part of notebook.parts.slice(next, stop)) {
      if (o.quiet && part.kind !== "code") continue;
      if (part.kind === "markdown") {
        // The "What you saw" section is the recap, printed at the end.
        const text = splitRecap(part.text).rest;
        if (text.trim()) line(markdownToTerminal(text, { width, style: s }) + "\n");
      } else if (part.kind === "mermaid") {
        line(mermaidToTerminal(part.source, { width: columns, style: s }) + "\n");
      } else if (part.kind === "exercise") {
        line(exerciseToTerminal(part, notebook.path, { width, style: s, lang }) + "\n");
      } else if (part.kind === "question") {
        line(questionToTerminal(part, { width, style: s, lang }) + "\n");
      } else if (!o.quiet && !hidden.has(part.id)) {
        line(cellToTerminal(part, notebook.path, s, width));
      }
    }
    next = Math.max(next, stop);
  };

  const output = (cell: string, out: Output) => {
    spinner.stop();
    if (hidden.has(cell)) return;
    line(outputToTerminal(out, s, columns));
  };

  const onEvent = (raw: RunEvent) => {
    const event = visibleDeep(raw);
    switch (event.t) {
      case "cell-start": {
        const at = notebook.parts.findIndex((p) => p.kind === "code" && p.id === event.cell);
        printPartsUntil(at + 1);
        break;
      }
      case "command-start":
        if (o.tty && !hidden.has(event.cell)) spinner.start(s.dim(`$ ${event.command}`));
        break;
      case "command":
        output(event.cell, { type: "command", transcript: event.transcript });
        break;
      case "display":
        output(event.cell, { type: "display", bundle: event.bundle });
        break;
      case "stream":
        output(event.cell, { type: "stream", name: event.name, text: event.text });
        break;
      case "cell-end":
        if (event.status === "skipped") {
          line(s.yellow(messagesFor(lang).skippedCell(event.note ?? "")));
          if (!marked.has(event.cell)) {
            skipped.push({ cell: event.cell, note: event.note, elsewhere: event.elsewhere });
          }
        }
        if (!o.quiet && !hidden.has(event.cell)) line("");
        break;
      case "error":
        spinner.stop();
        break;
    }
  };

  /** Prints the title, the summary and the objectives (not when quiet). */
  const header = () => {
    if (!o.quiet) line(notebookIntro(notebook.meta, { width, style: s }) + "\n");
  };

  /** Prints the mode the run chose and why. */
  const mode = (m: string, reason: string) =>
    line(modeLine(visible(m), reason, { width, style: s, lang }) + "\n");

  /** Prints what is left: the narrative after the last cell that ran, the recap and what next. */
  const finish = (ok: boolean) => {
    spinner.stop();
    if (!ok) return;
    printPartsUntil(notebook.parts.length);
    if (o.quiet) return;
    const recap = notebookRecap(notebook, findNext(source.path), { width, style: s, skipped });
    if (recap) line(recap + "\n");
  };
  /** Prints the narrative and code up to and including cell `id` (before it runs). */
  const showCell = (id: string) => {
    const at = notebook.parts.findIndex((p) => p.kind === "code" && p.id === id);
    printPartsUntil(at + 1);
  };
  return { onEvent, finish, header, mode, showCell };
}
