import { exerciseMarkdown, foldedAs, questionMarkdown } from "./exercise_parts.ts";
import type { CellResult, Output, RunResult } from "../execute/results.ts";
import type { Cell } from "../notebook/model.ts";
import { introMarkdown } from "./intro.ts";
import { outputBundle, shownDiagram } from "./output_bundle.ts";
import { pcapFiles } from "./pcap_files.ts";
import { pcapOf } from "../render/pcap_attachment.ts";
import { safeMarkdown } from "./safe_markdown.ts";
import { type Messages, messagesOf } from "../i18n/messages.ts";

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
  const [first = "", second] = lines;
  if (/^ {0,3}#(?:[ \t]|$)/.test(first)) {
    return [first, lines.slice(1).join("\n")];
  }
  if (second !== undefined && first.trim() && /^ {0,3}=+[ \t]*$/.test(second)) {
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

/** The line under a packet capture's table that links its file. */
function pcapLine(name: string, bytes: number, m: Messages): string {
  return m.pcapLine(`[${name}](${name})`, bytes);
}

/**
 * The outputs of one cell, in order: each diagram a ```mermaid block; runs of text between them
 * one ```text block, outputs separated by a blank line and printed lines kept together, like a
 * terminal session; a packet capture's table is followed by a link to its file (`pcaps`).
 */
function outputBlocks(outputs: Output[], pcaps: Map<Output, string>, m: Messages): string[] {
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
    const pcap = pcaps.get(output);
    if ("diagram" in s) {
      flush();
      blocks.push(fencedBlock("mermaid", s.diagram));
    } else if (pcap) {
      texts.push(s.text);
      flush();
      blocks.push(pcapLine(pcap, pcapOf(outputBundle(output))?.length ?? 0, m));
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
  const m = messagesOf(run.notebook.meta.lang);
  const say = (words: (note: string) => string, note: string | undefined) =>
    note ? words(note.replace(/\s+/g, " ").trim().replace(/[.。]$/, "")) + m.fullStop : words("");
  switch (result?.status) {
    case "skipped":
      return say(m.cellSkipped, result.note);
    case "failed":
      return say(
        m.cellFailed,
        result.note ?? (run.error?.cell === result.id ? run.error.message : undefined),
      );
    case "not-run":
    case undefined:
      return m.cellNotRun;
    default:
      return undefined;
  }
}

/** A one-line italic paragraph; Markdown in the text is escaped so that it reads as written. */
function italicLine(text: string): string {
  return `*${text.replace(/[\\`*_<>[\]#|~]/g, (c) => `\\${c}`)}*`;
}

function cellBlocks(cell: Cell, run: RunResult, pcaps: Map<Output, string>): string[] {
  const result = run.cells.find((r) => r.id === cell.id);
  const note = statusNote(result, run);
  return [
    fencedBlock("ts", cell.code.replace(/\n$/, "")),
    ...(note ? [italicLine(note)] : []),
    ...outputBlocks(result?.outputs ?? [], pcaps, messagesOf(run.notebook.meta.lang)),
  ];
}

/**
 * The notebook with its outputs inlined, for reading on a code host: no front matter; the intro
 * (summary, objectives, sources) after the first H1; narrative as written (its HTML sanitized
 * or shown as text, its links only to http(s) or relative URLs: see safeMarkdown); ```mermaid parts as they
 * are; each shown cell as a ```ts block followed by its outputs (diagrams as ```mermaid blocks,
 * text in ```text blocks; a packet capture then links its file, `pcapFiles` names it and the
 * export writes it beside the page), or a note if it was skipped, failed or did not run. Hidden cells are
 * left out with their outputs. Pure and deterministic; ends with one newline.
 */
export function toMarkdown(run: RunResult): string {
  const { notebook } = run;
  const intro = introMarkdown(notebook.meta);
  const blocks: string[] = [];
  const pcaps = pcapFiles(run).names;
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
      case "code": {
        if (part.options.hidden) break;
        const folded = foldedAs(part, notebook.meta.lang);
        if (!folded) blocks.push(...cellBlocks(part, run, pcaps));
        else {
          blocks.push(
            `<details><summary>${folded}</summary>`,
            ...cellBlocks(part, run, pcaps),
            "</details>",
          );
        }
        break;
      }
      case "exercise":
        // The exercise's words are the notebook's: sanitized as its narrative is.
        blocks.push(exerciseMarkdown(
          {
            ...part,
            title: safeMarkdown(part.title),
            task: safeMarkdown(part.task),
            hints: part.hints.map(safeMarkdown),
          },
          notebook.path,
          notebook.meta.lang,
        ));
        break;
      case "question":
        blocks.push(questionMarkdown({
          ...part,
          ask: safeMarkdown(part.ask),
          choices: part.choices.map(safeMarkdown),
        }, notebook.meta.lang));
        break;
    }
  });
  if (!introPlaced) blocks.unshift(intro);
  return blocks.join("\n\n").replace(/\n*$/, "\n");
}
