import type { ExercisePart, QuestionPart } from "../notebook/model.ts";
import { markdownToTerminal } from "../render/markdown_terminal.ts";
import type { Style } from "../render/style.ts";
import { wrapText } from "../render/wrap_text.ts";

export interface ExerciseTerminalOptions {
  width: number;
  style: Style;
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
  const hints = part.hints.length + (part.hint ? 1 : 0);
  return [
    s.bold(
      s.magenta(wrapText(`── Exercise ${part.name}: ${part.title} ──`, o.width, { hang: "   " })),
    ),
    markdownToTerminal(part.task, o),
    s.dim(wrapText(
      `Try it yourself: ${exerciseCommand(path, part.name)}` +
        (hints ? ` (${hints} hint${hints === 1 ? "" : "s"} there: type \`hint\`)` : ""),
      o.width,
      { hang: "  ", hard: false },
    )),
  ].join("\n");
}

/** A predict-the-output question as a run prints it, its choices numbered. Pure. */
export function questionToTerminal(part: QuestionPart, o: ExerciseTerminalOptions): string {
  const s = o.style;
  return [
    s.bold(s.magenta(`── Predict the output (${part.name}) ──`)),
    markdownToTerminal(part.ask, o),
    ...part.choices.map((c, i) => wrapText(c, o.width, { lead: `  ${i + 1}) `, hang: "     " })),
  ].join("\n");
}
