import type { Cell, ExercisePart, QuestionPart } from "../notebook/model.ts";
import { messagesOf } from "../i18n/messages.ts";

/**
 * What a cell is to an exercise or a question, as a page folds it, in the page's language
 * (`lang`, the notebook's); undefined for other cells.
 */
export function foldedAs(cell: Cell, lang?: string): string | undefined {
  const role = cell.options.role;
  const m = messagesOf(lang);
  switch (role?.kind) {
    case "check":
      return m.foldedCheck(role.name);
    case "hint":
      return m.foldedHint(role.name);
    case "solution":
      return m.foldedSolution(role.name);
    case "answer":
      return m.answer;
  }
}

/** The command that opens the lab at an exercise. */
export function labCommandFor(path: string, exercise: ExercisePart): string {
  return `deno task lab ${path} --exercise ${exercise.name}`;
}

/**
 * An exercise as Markdown for a page or a Jupyter cell, in the notebook's language (`lang`):
 * its title, task, and each hint folded (HTML <details>, which Markdown renderers on code hosts
 * and Jupyter show folded). Pure.
 */
export function exerciseMarkdown(ex: ExercisePart, path: string, lang?: string): string {
  const m = messagesOf(lang);
  const hints = ex.hints.map((h, i) =>
    `<details><summary>${m.hintN(i + 1)}</summary>\n\n${h.trim()}\n\n</details>`
  );
  return [
    `**${m.exercise(ex.name, ex.title)}**`,
    ex.task.trim(),
    ...hints,
    `${m.tryInTerminal(`\`${labCommandFor(path, ex)}\``)}${m.labToolsThere}`,
  ].join("\n\n");
}

/** A predict-the-output question as Markdown, its choices listed, in `lang`. Pure. */
export function questionMarkdown(q: QuestionPart, lang?: string): string {
  return [
    `**${messagesOf(lang).predict(q.name)}**`,
    q.ask.trim(),
    ...(q.choices.length ? [q.choices.map((c, i) => `${i + 1}. ${c}`).join("\n")] : []),
  ].join("\n\n");
}
