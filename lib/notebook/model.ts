import type { CellOptions } from "./cell_options.ts";
import type { NotebookMeta } from "./front_matter.ts";

/** Line numbers are 1-based lines of the notebook's Markdown file. */
export interface Span {
  /** First line of the part (for a cell or diagram: the opening fence). */
  line: number;
  /** Last line of the part (for a cell or diagram: the closing fence). */
  endLine: number;
}

/** Narrative: Markdown between cells and diagrams (other fenced blocks included). */
export interface MarkdownPart extends Span {
  /** Which kind of part this is. */
  kind: "markdown";
  /** The Markdown, as written. */
  text: string;
}

/** A ```mermaid block: a diagram. */
export interface DiagramPart extends Span {
  /** Which kind of part this is. */
  kind: "mermaid";
  /** The mermaid source between the fences. */
  source: string;
}

/** A ```ts block: a cell, run in the notebook's shared scope. */
export interface Cell extends Span {
  /** Which kind of part this is. */
  kind: "code";
  /** Position among the notebook's code cells, from 0. */
  index: number;
  /** From `id=`, or `cell-N` counting code cells from 1. */
  id: string;
  /** The TypeScript between the fences. */
  code: string;
  /** What its fence line says. */
  options: CellOptions;
}

/**
 * A ```exercise name=NAME block: a task for the learner, judged by the notebook's
 * ```ts check=NAME cell and answered by its ```ts solution=NAME cell.
 */
export interface ExercisePart extends Span {
  /** Which kind of part this is. */
  kind: "exercise";
  /** From `name=`: names the exercise in `deno task lab --exercise` and in progress. */
  name: string;
  /** One line: what the learner builds or fixes. */
  title: string;
  /** The task, in Markdown. */
  task: string;
  /** Hints, in Markdown, shown one at a time (a ```ts hint=NAME cell adds one from the lab). */
  hints: string[];
  /** The id of the cell that checks it (```ts check=NAME). */
  check: string;
  /** The id of the cell that computes a hint from the lab (```ts hint=NAME), if any. */
  hint?: string;
  /** The id of the cell that solves it (```ts solution=NAME). */
  solution: string;
}

/**
 * A ```question name=NAME block: predict the output. The ```ts answer=NAME cell after it runs
 * the revealing commands and returns what the lab says.
 */
export interface QuestionPart extends Span {
  /** Which kind of part this is. */
  kind: "question";
  /** From `name=`. */
  name: string;
  /** The question, in Markdown. */
  ask: string;
  /** The choices offered (none: the learner types a value). */
  choices: string[];
  /** The id of the cell that reveals the answer. */
  answer: string;
}

/** One part of a notebook, in the order of the file. */
export type Part = MarkdownPart | DiagramPart | Cell | ExercisePart | QuestionPart;

/** A parsed notebook. */
export interface Notebook {
  /** The path the notebook was read from, as given: used in every message. */
  path: string;
  /** The whole Markdown text. */
  source: string;
  /** Its front matter (or, without one, the title of its first heading). */
  meta: NotebookMeta;
  /** Narrative, diagrams and cells, in order. */
  parts: Part[];
  /** The cells alone, in order. */
  cells: Cell[];
  /** The exercises, in order. */
  exercises: ExercisePart[];
  /** The predict-the-output questions, in order. */
  questions: QuestionPart[];
}
