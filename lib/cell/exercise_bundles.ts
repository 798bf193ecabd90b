import { escapeHtml, type MimeBundle } from "../render/mime.ts";
import { knownLang, messagesIn } from "../i18n/messages.ts";

/** The MIME type that carries a question's answer as the lab gave it: `{ question, value }`. */
export const ANSWER_MIME = "application/vnd.netbook.answer+json";

/** A hint computed from the lab, as a cell shows it. Pure. */
export function hintBundle(exercise: string, hint: string, lang?: string): MimeBundle {
  const m = messagesIn(knownLang(lang) ?? "en");
  return {
    "text/plain": m.hintFromLab(exercise, hint),
    "text/html": `<p class="nb-lab-hint">${escapeHtml(m.hintFromLabShort)}${escapeHtml(hint)}</p>`,
  };
}
