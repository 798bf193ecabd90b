import type { Notebook } from "../notebook/model.ts";
import type { RunEvent } from "../execute/protocol.ts";
import type { Output } from "../execute/results.ts";
import { markdownToTerminal } from "../render/markdown_terminal.ts";
import { cellToTerminal, outputToTerminal } from "./terminal_output.ts";
import { mermaidToTerminal } from "../render/mermaid_terminal.ts";
import type { Style } from "../render/style.ts";
import { Spinner } from "./spinner.ts";

export interface PrintOptions {
  style: Style;
  width: number;
  /** Only outputs: no narrative, no code. */
  quiet: boolean;
  /** Show a progress indicator for slow commands. */
  tty: boolean;
  write: (text: string) => void;
}

/**
 * Prints a notebook as it runs: the narrative and code up to each cell as that cell starts, then
 * its outputs as they arrive. Returns the event handler and a function that prints the rest.
 */
export function printRun(notebook: Notebook, o: PrintOptions) {
  const { style: s } = o;
  const spinner = new Spinner(o.write);
  const line = (text: string) => o.write(text + "\n");
  let next = 0; // index into notebook.parts
  const hidden = new Set(notebook.cells.filter((c) => c.options.hidden).map((c) => c.id));

  const printPartsUntil = (stop: number) => {
    for (; next < stop; next++) {
      const part = notebook.parts[next];
      if (o.quiet && part.kind !== "code") continue;
      if (part.kind === "markdown") {
        line(markdownToTerminal(part.text, { width: o.width, style: s }) + "\n");
      } else if (part.kind === "mermaid") {
        line(mermaidToTerminal(part.source, { width: o.width, style: s }) + "\n");
      } else if (!o.quiet && !hidden.has(part.id)) {
        line(cellToTerminal(part, notebook.path, s));
      }
    }
  };

  const output = (cell: string, out: Output) => {
    spinner.stop();
    if (hidden.has(cell)) return;
    line(outputToTerminal(out, s));
  };

  const onEvent = (event: RunEvent) => {
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
        if (event.status === "skipped") line(s.yellow(`(skipped: ${event.note})`));
        if (!o.quiet && !hidden.has(event.cell)) line("");
        break;
      case "error":
        spinner.stop();
        break;
    }
  };

  /** Prints what is left: the rest of the narrative after the last cell that ran. */
  const finish = (ok: boolean) => {
    spinner.stop();
    if (ok) printPartsUntil(notebook.parts.length);
  };
  return { onEvent, finish };
}
