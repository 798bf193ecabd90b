import { basename, dirname, join } from "node:path";
import type { Notebook } from "../notebook/model.ts";
import { markdownToTerminal } from "../render/markdown_terminal.ts";
import type { Style } from "../render/style.ts";
import { wrapText } from "../render/wrap_text.ts";
import { textWidth } from "../render/text_width.ts";
import { MESSAGE_LANGS, messagesFor, messagesIn } from "../i18n/messages.ts";

/** The recap's heading, in any language of the catalogue ("What you saw", "小结"). */
const RECAP = new RegExp(
  `^##[ \\t]+(?:${
    MESSAGE_LANGS.map((l) => messagesIn(l).recapHeading.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("|")
  })[ \\t]*#*[ \\t]*$`,
  "im",
);
const CURRICULUM = /^\d\d-.*\.md$/;

/**
 * A narrative part split around its "## What you saw" section (up to the next heading of level
 * one or two): the text without it, and the section, when the part has one. Pure.
 */
export function splitRecap(text: string): { rest: string; recap?: string } {
  const start = RECAP.exec(text);
  if (!start) return { rest: text };
  const after = text.slice(start.index + start[0].length);
  const next = /^#{1,2}[ \t]/m.exec(after);
  const end = start.index + start[0].length + (next ? next.index : after.length);
  return {
    rest: text.slice(0, start.index) + text.slice(end),
    recap: text.slice(start.index, end),
  };
}

/** Where the curriculum goes on after a notebook. */
export type Next =
  | { kind: "next"; path: string; title?: string }
  | { kind: "last" }
  | { kind: "none" };

/**
 * The notebook after `path` among the `names` of its folder: the next NN-slug.md in order.
 * "none" for a notebook outside such a curriculum. Pure.
 */
export function nextNotebook(path: string, names: string[]): Next {
  const own = basename(path);
  if (!CURRICULUM.test(own)) return { kind: "none" };
  const [next] = names.filter((n) => CURRICULUM.test(n) && n > own).sort();
  return next !== undefined ? { kind: "next", path: join(dirname(path), next) } : { kind: "last" };
}

export interface RecapOptions {
  width: number;
  style: Style;
  /**
   * Cells the lab could not run (not those marked `skip`): why, and the kind of lab that has
   * what they need, if another would.
   */
  skipped?: readonly SkippedCell[];
}

/** A cell skipped because the lab lacks what it requires. */
export interface SkippedCell {
  cell: string;
  /** Why ("this lab lacks ipip ..."). */
  note?: string;
  /** The kind of lab that has it ("vm"). */
  elsewhere?: string;
}

/** The recap's lines on skipped cells: which, why, and the command that runs them. Pure. */
function skippedBlock(notebook: Notebook, skipped: readonly SkippedCell[], o: RecapOptions) {
  const s = o.style;
  const m = messagesFor(notebook.meta.lang);
  const why = new Map<string, SkippedCell[]>();
  for (const c of skipped) {
    const key = (c.note ?? "").replace(/; the \S+ lab has it: run with --backend \S+$/, "");
    why.set(key, [...why.get(key) ?? [], c]);
  }
  const lines: string[] = [];
  for (const [note, cells] of why) {
    const names = cells.map((c) => c.cell).join(", ");
    lines.push(
      wrapText(
        `${s.yellow(m.skippedHere)}${m.colon}${names}${note ? ` (${note})` : ""}.`,
        o.width,
        { hang: "  " },
      ),
    );
    const elsewhere = cells.find((c) => c.elsewhere)?.elsewhere;
    if (elsewhere) {
      lines.push(wrapText(m.elsewhereHas(elsewhere), o.width, { hang: "  " }));
      lines.push(
        s.dim(wrapText(`deno task notebook ${notebook.path} --backend ${elsewhere}`, o.width, {
          lead: "  ",
          hang: "    ",
          hard: false,
        })),
      );
    }
  }
  return lines.join("\n");
}

/**
 * What a run prints at its end: a recap (the notebook's "What you saw" section, or else its
 * objectives as what you did) and the notebook to run next, with the command. Pure.
 */
export function notebookRecap(notebook: Notebook, next: Next, o: RecapOptions): string {
  const s = o.style;
  const m = messagesFor(notebook.meta.lang);
  const blocks: string[] = [];
  const saw =
    notebook.parts.flatMap((p) => p.kind === "markdown" ? splitRecap(p.text).recap ?? [] : [])[0];
  if (saw) {
    blocks.push(markdownToTerminal(saw, o));
  } else if (notebook.meta.objectives.length) {
    const done = notebook.meta.objectives.map((g) =>
      wrapText(g, o.width, { lead: s.green("  ✓ ") })
    );
    blocks.push([s.bold(s.blue(m.whatYouDid)), ...done].join("\n"));
  }
  if (o.skipped?.length) blocks.push(skippedBlock(notebook, o.skipped, o));
  if (next.kind === "next") {
    const title = next.title ? `${m.colon}${next.title}` : "";
    blocks.push(
      [
        wrapText(`${s.bold(m.next)}${title}`, o.width, { hang: "  " }),
        s.dim(wrapText(`deno task notebook ${next.path}`, o.width, {
          lead: "  ",
          hang: "    ",
          hard: false,
        })),
      ].join("\n"),
    );
  } else if (next.kind === "last") {
    blocks.push(wrapText(m.lastNotebook, o.width));
  }
  if (!blocks.length) return "";
  const head = `── ${m.recap} `;
  const rule = s.dim(`${head}${"─".repeat(Math.max(0, Math.min(o.width, 60) - textWidth(head)))}`);
  return [rule, ...blocks].join("\n\n");
}
