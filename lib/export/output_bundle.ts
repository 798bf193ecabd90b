import type { Output } from "../execute/results.ts";
import type { MimeBundle } from "../render/mime.ts";
import { transcriptBundle } from "../render/transcript.ts";
import { messagesOf } from "../i18n/messages.ts";

/**
 * The MIME bundle of one recorded output, as every front end shows it: a command's transcript,
 * a displayed value's own bundle, or printed text. Pure.
 */
export function outputBundle(output: Output): MimeBundle {
  switch (output.type) {
    case "command":
      return transcriptBundle(output.transcript);
    case "display":
      return output.bundle;
    case "stream":
      return { "text/plain": output.text };
  }
}

/** The mermaid source of a bundle that carries a diagram (a ```mermaid Markdown block), if any. */
export function mermaidSource(bundle: MimeBundle): string | undefined {
  const m = /^```mermaid\n([\s\S]*?)\n```\s*$/.exec(bundle["text/markdown"] ?? "");
  return m?.[1];
}

/**
 * The diagram to draw for a bundle where one form must be chosen (an HTML page, Markdown): its
 * mermaid source, without trailing blank space, unless the bundle has HTML, which is shown
 * instead (as Jupyter prefers text/html to text/markdown: a packet trace shows as its table, and
 * `show(path.diagram())` draws it).
 */
export function shownDiagram(bundle: MimeBundle): string | undefined {
  if (bundle["text/html"] !== undefined) return undefined;
  return mermaidSource(bundle)?.replace(/\s+$/, "");
}

/** What a Jupyter cell shows when it did not run: the same live in a kernel and in an export. */
export function skippedBundle(cell: string, note: string | undefined, lang?: string): MimeBundle {
  return { "text/plain": messagesOf(lang).jupyterSkipped(cell, note) };
}

/**
 * What a Jupyter notebook's first cell shows: the notebook's title, the mode and why, what the
 * kernel does not guard against (its cells run with all of Deno's permissions, so neither mode
 * keeps a cell's own code from the files, network and processes of whoever runs Jupyter), and
 * any `notes`, in the notebook's language. The same live in a kernel and in an export.
 */
export function modeBundle(
  title: string,
  mode: string,
  reason: string,
  notes: readonly string[] = [],
  lang?: string,
): MimeBundle {
  const m = messagesOf(lang);
  return {
    "text/plain": [title, m.jupyterMode(mode, reason), m.kernelPermissions, ...notes].join("\n"),
  };
}

/**
 * What `nb.check(NAME)` shows in Jupyter when the notebook replays its recording (`reason`
 * says why): there is no lab to judge. The same live in a kernel and in an export.
 */
export function noLabToCheckBundle(exercise: string, reason: string, lang?: string): MimeBundle {
  return { "text/plain": messagesOf(lang).noLabToCheck(exercise, reason) };
}
