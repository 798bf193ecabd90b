import { escapeHtml, type MimeBundle } from "./mime.ts";

/** One command as a terminal would show it. */
export interface Transcript {
  /** The command line as shown. */
  command: string;
  /** What it printed. */
  stdout: string;
  /** What it printed on standard error. */
  stderr: string;
  /** Its exit code. */
  code: number;
  /** Wall-clock milliseconds. */
  ms: number;
  /** It was stopped at its time limit (milliseconds). */
  timedOut?: number;
  /** The command failed, and the cell said that was expected. */
  expected: boolean;
}

function body(t: Transcript): string {
  const out = t.stdout + (t.stderr && t.stdout && !t.stdout.endsWith("\n") ? "\n" : "") + t.stderr;
  return out.replace(/\n$/, "");
}

function status(t: Transcript): string {
  if (t.timedOut !== undefined) return `[timed out after ${t.timedOut / 1000} s]`;
  if (t.code === 0) return "";
  return t.expected ? `[exit ${t.code}, as expected]` : `[exit ${t.code}]`;
}

/** Renders a command transcript: `$ command`, its output, and a note if it exited non-zero. */
export function transcriptBundle(
  t: Transcript,
): MimeBundle & { "text/plain": string; "text/html": string } {
  const lines = [`$ ${t.command}`, body(t), status(t)].filter((l) => l !== "");
  const html = `<pre class="nb-transcript"><span class="nb-prompt">$ ${
    escapeHtml(t.command)
  }</span>\n${escapeHtml(body(t))}${
    status(t) ? `\n<span class="nb-status">${escapeHtml(status(t))}</span>` : ""
  }</pre>`;
  return { "text/plain": lines.join("\n"), "text/html": html };
}
