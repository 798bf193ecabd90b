import type { CellResult, Output, RunResult } from "../execute/results.ts";
import type { Cell } from "../notebook/model.ts";
import { introMarkdown } from "./intro.ts";
import { outputBundle, shownDiagram } from "./output_bundle.ts";
import { safeMarkdown } from "./safe_markdown.ts";

/** A fenced block whose fence is longer than any run of backticks in its content. */
function fencedBlock(info: string, content: string): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${content}\n${fence}`;
}

/** Drops the blank lines around a part; what is between them stays as written. */
function trimBlankLines(text: string): string {
  return text.replace(/^(?:[ \t]*\n)+/, "").replace(/(?:\n[ \t]*)+$/, "");
}

/** The text with its H1 heading (ATX or setext) first, split after it; undefined without one. */
function splitH1(text: string): [string, string] | undefined {
  const lines = text.split("\n");
  if (/^ {0,3}#(?:[ \t]|$)/.test(lines[0])) {
    return [lines[0], lines.slice(1).join("\n")];
  }
  if (lines.length > 1 && lines[0].trim() && /^ {0,3}=+[ \t]*$/.test(lines[1])) {
    return [lines.slice(0, 2).join("\n"), lines.slice(2).join("\n")];
  }
  return undefined;
}

/** One output as Markdown shows it: a diagram to draw, or text for a terminal-like block. */
type Shown = { diagram: string } | { text: string; stream: boolean };

/** The diagram shownDiagram picks (as the HTML page does), else the text/plain. */
function shown(output: Output): Shown {
  const bundle = outputBundle(output);
  const source = shownDiagram(bundle);
  if (source !== undefined) return { diagram: source };
  const text = bundle["text/plain"] ?? Object.values(bundle)[0] ?? "";
  return { text, stream: output.type === "stream" };
}

/**
 * The outputs of one cell, in order: each diagram a ```mermaid block; runs of text between them
 * one ```text block, outputs separated by a blank line and printed lines kept together, like a
 * terminal session.
 */
function outputBlocks(outputs: Output[]): string[] {
  const blocks: string[] = [];
  let texts: string[] = [];
  let lastWasStream = false;
  const flush = () => {
    const body = texts.map((t) => t.replace(/\n$/, "")).filter((t) => t !== "").join("\n\n");
    if (body !== "") blocks.push(fencedBlock("text", body));
    texts = [];
    lastWasStream = false;
  };
  for (const output of outputs) {
    const s = shown(output);
    if ("diagram" in s) {
      flush();
      blocks.push(fencedBlock("mermaid", s.diagram));
    } else if (s.stream && lastWasStream) {
      texts[texts.length - 1] += s.text;
    } else {
      texts.push(s.text);
      lastWasStream = s.stream;
    }
  }
  flush();
  return blocks;
}

/** Why a cell shows no (or partial) output, in words; undefined when it ran as meant. */
function statusNote(result: CellResult | undefined, run: RunResult): string | undefined {
  const reason = (note: string | undefined) =>
    note ? `: ${note.replace(/\s+/g, " ").trim().replace(/\.$/, "")}.` : ".";
  switch (result?.status) {
    case "skipped":
      return `Skipped${reason(result.note)}`;
    case "failed":
      return `This cell failed${
        reason(result.note ?? (run.error?.cell === result.id ? run.error.message : undefined))
      }`;
    case "not-run":
    case undefined:
      return "Not run: the run stopped before this cell.";
    default:
      return undefined;
  }
}

/** A one-line italic paragraph; Markdown in the text is escaped so that it reads as written. */
function italicLine(text: string): string {
  return `*${text.replace(/[\\`*_<>[\]#|~]/g, (c) => `\\${c}`)}*`;
}

function cellBlocks(cell: Cell, run: RunResult): string[] {
  const result = run.cells.find((r) => r.id === cell.id);
  const note = statusNote(result, run);
  return [
    fencedBlock("ts", cell.code.replace(/\n$/, "")),
    ...(note ? [italicLine(note)] : []),
    ...outputBlocks(result?.outputs ?? []),
  ];
}

/**
 * The notebook with its outputs inlined, for reading on a code host: no front matter; the intro
 * (summary, objectives, sources) after the first H1; narrative as written (its HTML sanitized
 * or shown as text, its links only to http(s) or relative URLs: see safeMarkdown); ```mermaid parts as they
 * are; each shown cell as a ```ts block followed by its outputs (diagrams as ```mermaid blocks,
 * text in ```text blocks), or a note if it was skipped, failed or did not run. Hidden cells are
 * left out with their outputs. Pure and deterministic; ends with one newline.
 */
export function toMarkdown(run: RunResult): string {
  const { notebook } = run;
  const intro = introMarkdown(notebook.meta);
  const blocks: string[] = [];
  let introPlaced = false;
  notebook.parts.forEach((part, i) => {
    switch (part.kind) {
      case "markdown": {
        const text = trimBlankLines(safeMarkdown(part.text));
        const h1 = i === 0 ? splitH1(text) : undefined;
        if (h1) {
          blocks.push(h1[0], intro);
          introPlaced = true;
          if (trimBlankLines(h1[1])) blocks.push(trimBlankLines(h1[1]));
        } else if (text) {
          blocks.push(text);
        }
        break;
      }
      case "mermaid":
        blocks.push(fencedBlock("mermaid", part.source.replace(/\n$/, "")));
        break;
      case "code":
        if (!part.options.hidden) blocks.push(...cellBlocks(part, run));
        break;
    }
  });
  if (!introPlaced) blocks.unshift(intro);
  return blocks.join("\n\n").replace(/\n*$/, "\n");
}
