import { escapeHtml, type MimeBundle } from "../render/mime.ts";

/** The MIME type that carries a question's answer as the lab gave it: `{ question, value }`. */
export const ANSWER_MIME = "application/vnd.netbook.answer+json";

/** A hint computed from the lab, as a cell shows it. Pure. */
export function hintBundle(exercise: string, hint: string): MimeBundle {
  return {
    "text/plain": `hint for ${exercise}, from the lab as it is: ${hint}`,
    "text/html": `<p class="nb-lab-hint">Hint from the lab: ${escapeHtml(hint)}</p>`,
  };
}
