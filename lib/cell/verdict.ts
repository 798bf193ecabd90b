import { DISPLAY, escapeHtml, type MimeBundle } from "../render/mime.ts";

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
}

/** Solved: the check made claims, all hold, and it did not fail to look. */
export function isSolved(v: VerdictData): boolean {
  return !v.error && v.findings.length > 0 && v.findings.every((f) => f.ok);
}

/** The first line of a verdict. */
function headline(v: VerdictData): string {
  const when = v.when === "before"
    ? " (the lab before the solution)"
    : v.when === "after"
    ? " (after the solution)"
    : "";
  return isSolved(v) ? `✓ ${v.exercise}: solved${when}` : `✗ ${v.exercise}: not solved yet${when}`;
}

/** A verdict as terminal text (no colour): the headline, then each finding under it. Pure. */
export function verdictText(v: VerdictData): string {
  const lines = [headline(v)];
  for (const f of v.findings) lines.push(`  ${f.ok ? "✓" : "✗"} ${f.text}`);
  if (v.error) lines.push(`  ✗ the check could not look at the lab: ${v.error}`);
  if (!v.error && v.findings.length === 0) lines.push("  ✗ the check made no claim about the lab");
  return lines.join("\n");
}

/** A check's verdict; displays as text and HTML. */
export class Verdict implements VerdictData {
  readonly exercise: string;
  readonly findings: Finding[];
  readonly error?: string;
  readonly when?: "before" | "after";

  /** A verdict from its data. */
  constructor(data: VerdictData) {
    this.exercise = data.exercise;
    this.findings = data.findings;
    if (data.error !== undefined) this.error = data.error;
    if (data.when !== undefined) this.when = data.when;
  }

  /** The check made claims, all hold. */
  get solved(): boolean {
    return isSolved(this);
  }

  /** As plain data. */
  toJSON(): VerdictData {
    return { exercise: this.exercise, findings: this.findings, error: this.error, when: this.when };
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
        `<li class="nb-finding nb-finding-missing">✗ the check could not look at the lab: ${
          escapeHtml(this.error)
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
