import type { Cell, ExercisePart, Notebook } from "../notebook/model.ts";
import type { RunControl } from "../execute/run_control.ts";
import { isSolved, verdictText } from "../cell/verdict.ts";
import type { ProgressStore } from "../progress/progress_store.ts";
import { markdownToTerminal } from "../render/markdown_terminal.ts";
import type { Style } from "../render/style.ts";
import { messagesFor } from "../i18n/messages.ts";

/** One plain command of a solution: `await $\`...\`;` with nothing else on its line. */
const PLAIN = /^\s*await \$`([^`$\\]*)`(?:\.(?:quiet|noThrow)\(\))*;?\s*$/;

/**
 * A solution as a person would type it: its commands, when it is only commands; else its code,
 * as the notebook has it. Pure.
 */
export function solutionText(cell: Cell): string {
  const lines = cell.code.replace(/\n$/, "").split("\n").filter((l) =>
    l.trim() && !/^\s*\/\//.test(l)
  );
  if (lines.length && lines.every((l) => PLAIN.test(l))) {
    return lines.map((l) => `  ${PLAIN.exec(l)![1]}`).join("\n");
  }
  return cell.code.replace(/\n$/, "").split("\n").map((l) => `  ${l}`).join("\n");
}

/** A verdict with its marks coloured. Pure. */
export function colourVerdict(text: string, s: Style): string {
  return text.split("\n").map((l) =>
    l.replace(/^(\s*)✓/, (_, sp) => sp + s.green("✓")).replace(
      /^(\s*)✗/,
      (_, sp) => sp + s.red("✗"),
    )
  ).join("\n");
}

export interface ExerciseRequestOptions {
  notebook: Notebook;
  /** The exercise the shell was opened for, if any. */
  exercise?: ExercisePart;
  control?: RunControl;
  progress: ProgressStore;
  style: Style;
  width: number;
  /** The notebook's language, for what the answers say around the notebook's words. */
  lang?: string;
}

/**
 * Answers the lab shell's `check`, `hint`, `solution` and `task` for one exercise: the check
 * runs in the notebook (exit 0 when solved, 1 with what is missing), hints come one at a time
 * (the notebook's, then the one computed from the lab as it is), the solution is shown (and the
 * exercise counts as solved with help). Progress is saved as it happens.
 */
export function exerciseRequests(o: ExerciseRequestOptions) {
  let hintsGiven = 0;
  const s = o.style;
  const m = messagesFor(o.lang);
  return async (word: string): Promise<{ code: number; text: string }> => {
    const ex = o.exercise;
    if (!ex) {
      const names = o.notebook.exercises.map((e) => e.name);
      return {
        code: 2,
        text: `netbook: ${m.notAtExercise}${
          names.length ? m.openOneWith(o.notebook.path, names.join(", ")) : ""
        }\n`,
      };
    }
    switch (word) {
      case "check": {
        if (!o.control) {
          return { code: 2, text: `netbook: ${m.cannotCheck}\n` };
        }
        const verdict = await o.control.check(ex.name);
        const solved = isSolved(verdict);
        if (solved) await o.progress.solved(o.notebook.path, ex.name);
        return { code: solved ? 0 : 1, text: colourVerdict(verdictText(verdict), s) + "\n" };
      }
      case "hint": {
        const n = ex.hints.length;
        const hint = ex.hints[hintsGiven];
        if (hint !== undefined) {
          const text = markdownToTerminal(hint, { width: o.width, style: s });
          hintsGiven++;
          const more = hintsGiven < n || ex.hint ? m.hintAgain : "";
          return {
            code: 0,
            text: `${m.hintOf(hintsGiven, n + (ex.hint ? 1 : 0), text)}${s.dim(more)}\n`,
          };
        }
        const fromLab = ex.hint && o.control ? await o.control.hint(ex.name) : undefined;
        if (fromLab) return { code: 0, text: `${m.hintFromLabNow(fromLab)}\n` };
        return { code: 0, text: `${m.noMoreHints}\n` };
      }
      case "solution": {
        const cell = o.notebook.cells.find((c) => c.id === ex.solution)!;
        await o.progress.shown(o.notebook.path, ex.name);
        return {
          code: 0,
          text: `${s.bold(m.referenceSolution(ex.name))} ` +
            `${s.dim(m.countsWithHelp)}${m.colon.trimEnd()}\n${solutionText(cell)}\n`,
        };
      }
      case "task":
        return {
          code: 0,
          text: `${s.bold(`${ex.name}${m.colon}${ex.title}`)}\n${
            markdownToTerminal(ex.task, { width: o.width, style: s })
          }\n`,
        };
      default:
        return { code: 2, text: `netbook: ${m.unknownRequest(JSON.stringify(word))}\n` };
    }
  };
}
