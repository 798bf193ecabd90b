import type { NotebookMeta } from "../notebook/front_matter.ts";
import type { Style } from "../render/style.ts";
import { visible, visibleDeep } from "../render/visible.ts";
import { wrapText } from "../render/wrap_text.ts";
import { textWidth } from "../render/text_width.ts";
import { messagesFor } from "../i18n/messages.ts";

export interface IntroOptions {
  width: number;
  style: Style;
  /** The notebook's language, for the words around it (see `messagesFor`). */
  lang?: string;
}

/**
 * What a run prints first: the title, the summary and the objectives ("You will:"), each
 * wrapped at word boundaries to `width`, bullets with a hanging indent; what the notebook says
 * is shown as text (see visible()). Pure.
 */
export function notebookIntro(from: NotebookMeta, { width, style: s }: IntroOptions): string {
  const meta = visibleDeep(from);
  const m = messagesFor(meta.lang);
  const lines = [s.bold(s.underline(meta.title))];
  if (meta.summary) lines.push(wrapText(meta.summary, width));
  if (meta.objectives.length) {
    lines.push("", s.bold(m.youWill));
    for (const goal of meta.objectives) lines.push(wrapText(goal, width, { lead: "  • " }));
  }
  return lines.join("\n");
}

/** The line saying which mode the run chose and why, wrapped under its own start. Pure. */
export function modeLine(
  mode: string,
  reason: string,
  { width, style: s, lang }: IntroOptions,
): string {
  const m = messagesFor(lang);
  const label = `${m.mode}${m.colon}`;
  return s.dim(
    wrapText(`${label}${mode} — ${visible(reason)}`, width, {
      hang: " ".repeat(textWidth(label)),
    }),
  );
}
