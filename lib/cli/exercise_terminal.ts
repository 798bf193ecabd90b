import type { ExercisePart, QuestionPart } from "../notebook/model.ts";
import { markdownToTerminal } from "../render/markdown_terminal.ts";
import type { Style } from "../render/style.ts";
import { wrapText } from "../render/wrap_text.ts";
import { messagesFor } from "../i18n/messages.ts";

export interface ExerciseTerminalOptions {
  width: number;
  style: Style;
  /** The notebook's language, for the words around the exercise. */
  lang?: string;
}

/** The command that opens the lab shell with an exercise's task. */
export function exerciseCommand(path: string, name: string): string {
  return `deno task lab ${path} --exercise ${name}`;
}

/**
 * An exercise as a run prints it: a rule with its name and title, the task, how many hints
 * there are, and the command that opens the lab to try it. Pure.
 */
export function exerciseToTerminal(
  part: ExercisePart,
  path: string,
  o: ExerciseTerminalOptions,
): string {
  const s = o.style;
  const m = messagesFor(o.lang);
  const hints = part.hints.length + (part.hint ? 1 : 0);
  return [
    s.bold(
      s.magenta(wrapText(`── ${m.exercise(part.name, part.title)} ──`, o.width, { hang: "   " })),
    ),
    markdownToTerminal(part.task, o),
    s.dim(wrapText(
      m.tryIt(exerciseCommand(path, part.name)) + (hints ? m.hintsThere(hints) : ""),
      o.width,
      { hang: "  ", hard: false },
    )),
  ].join("\n");
}

/** A predict-the-output question as a run prints it, its choices numbered. Pure. */
export function questionToTerminal(part: QuestionPart, o: ExerciseTerminalOptions): string {
  const s = o.style;
  return [
    s.bold(s.magenta(`── ${messagesFor(o.lang).predict(part.name)} ──`)),
    markdownToTerminal(part.ask, o),
    ...part.choices.map((c, i) => wrapText(c, o.width, { lead: `  ${i + 1}) `, hang: "     " })),
  ].join("\n");
}
