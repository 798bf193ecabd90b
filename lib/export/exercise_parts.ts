import type { Cell, ExercisePart, QuestionPart } from "../notebook/model.ts";

/** What a cell is to an exercise or a question, as a page folds it; undefined for other cells. */
export function foldedAs(cell: Cell): string | undefined {
  const role = cell.options.role;
  switch (role?.kind) {
    case "check":
      return `How the check of ${role.name} judges the lab`;
    case "hint":
      return `The hint ${role.name} computes from the lab`;
    case "solution":
      return `Solution of ${role.name} (with the check before and after it)`;
    case "answer":
      return "Answer";
  }
}

/** The command that opens the lab at an exercise. */
export function labCommandFor(path: string, exercise: ExercisePart): string {
  return `deno task lab ${path} --exercise ${exercise.name}`;
}

/**
 * An exercise as Markdown for a page or a Jupyter cell: its title, task, and each hint folded
 * (HTML <details>, which Markdown renderers on code hosts and Jupyter show folded). Pure.
 */
export function exerciseMarkdown(ex: ExercisePart, path: string): string {
  const hints = ex.hints.map((h, i) =>
    `<details><summary>Hint ${i + 1}</summary>\n\n${h.trim()}\n\n</details>`
  );
  return [
    `**Exercise ${ex.name}: ${ex.title}**`,
    ex.task.trim(),
    ...hints,
    `Try it in a terminal: \`${
      labCommandFor(path, ex)
    }\` (\`check\`, \`hint\`, \`solution\` there).`,
  ].join("\n\n");
}

/** A predict-the-output question as Markdown, its choices listed. Pure. */
export function questionMarkdown(q: QuestionPart): string {
  return [
    `**Predict the output (${q.name})**`,
    q.ask.trim(),
    ...(q.choices.length ? [q.choices.map((c, i) => `${i + 1}. ${c}`).join("\n")] : []),
  ].join("\n\n");
}
