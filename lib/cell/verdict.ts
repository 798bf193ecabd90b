import { DISPLAY, escapeHtml, type MimeBundle } from "../render/mime.ts";
import { knownLang, messagesIn } from "../i18n/messages.ts";

/** One thing a check looked at in the lab: what holds, or what is missing. */
export interface Finding {
  /** It holds. */
  ok: boolean;
  /** What holds (when ok) or what is missing, in words the learner can act on. */
  text: string;
}

/** What an exercise's check said of the lab, as plain data (it crosses the process boundary). */
export interface VerdictData {
  /** The exercise's name. */
  exercise: string;
  /** Each claim the check made, in order. */
  findings: Finding[];
  /** The check could not look (a command failed, the check threw): why. */
  error?: string;
  /** When it was taken, in a run: before or after the solution. */
  when?: "before" | "after";
  /** The language to say it in (the notebook's); default English. */
  lang?: string;
}

/** What a verdict says around its findings, in its language. */
function wordsOf(v: VerdictData) {
  return messagesIn(knownLang(v.lang) ?? "en");
}

/** Solved: the check made claims, all hold, and it did not fail to look. */
export function isSolved(v: VerdictData): boolean {
  return !v.error && v.findings.length > 0 && v.findings.every((f) => f.ok);
}

/** The first line of a verdict. */
function headline(v: VerdictData): string {
  const m = wordsOf(v);
  const when = v.when === "before" ? m.beforeSolution : v.when === "after" ? m.afterSolution : "";
  return `${isSolved(v) ? "✓" : "✗"} ${v.exercise}${m.colon}${
    isSolved(v) ? m.solved : m.notSolvedYet
  }${when}`;
}

/** A verdict as terminal text (no colour): the headline, then each finding under it. Pure. */
export function verdictText(v: VerdictData): string {
  const lines = [headline(v)];
  for (const f of v.findings) lines.push(`  ${f.ok ? "✓" : "✗"} ${f.text}`);
  const m = wordsOf(v);
  if (v.error) lines.push(`  ✗ ${m.checkCouldNotLook(v.error)}`);
  if (!v.error && v.findings.length === 0) lines.push(`  ✗ ${m.checkNoClaim}`);
  return lines.join("\n");
}

/** A check's verdict; displays as text and HTML. */
export class Verdict implements VerdictData {
  readonly exercise: string;
  readonly findings: Finding[];
  readonly error?: string;
  readonly when?: "before" | "after";
  readonly lang?: string;

  /** A verdict from its data. */
  constructor(data: VerdictData) {
    this.exercise = data.exercise;
    this.findings = data.findings;
    if (data.error !== undefined) this.error = data.error;
    if (data.when !== undefined) this.when = data.when;
    if (data.lang !== undefined) this.lang = data.lang;
  }

  /** The check made claims, all hold. */
  get solved(): boolean {
    return isSolved(this);
  }

  /** As plain data. */
  toJSON(): VerdictData {
    return {
      exercise: this.exercise,
      findings: this.findings,
      error: this.error,
      when: this.when,
      lang: this.lang,
    };
  }

  /** Text, and HTML with each finding marked. */
  [DISPLAY](): MimeBundle {
    const items = this.findings.map((f) =>
      `<li class="nb-finding nb-finding-${f.ok ? "ok" : "missing"}">${f.ok ? "✓" : "✗"} ${
        escapeHtml(f.text)
      }</li>`
    );
    if (this.error) {
      items.push(
        `<li class="nb-finding nb-finding-missing">✗ ${
          escapeHtml(wordsOf(this).checkCouldNotLook(this.error))
        }</li>`,
      );
    }
    return {
      "text/plain": verdictText(this),
      "text/html": `<div class="nb-verdict nb-verdict-${this.solved ? "solved" : "unsolved"}">` +
        `<p>${escapeHtml(headline(this))}</p><ul>${items.join("")}</ul></div>`,
    };
  }
}
