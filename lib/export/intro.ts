import { citeSource, type NotebookMeta } from "../notebook/front_matter.ts";
import { safeUrl } from "./safe_html.ts";
import { safeMarkdown } from "./safe_markdown.ts";
import { messagesOf } from "../i18n/messages.ts";

/**
 * The notebook's front matter for a reader: summary, objectives and the documents it draws on
 * (linked only to http(s) or relative URLs).
 */
export function introMarkdown(from: NotebookMeta): string {
  const meta = {
    ...from,
    title: safeMarkdown(from.title),
    summary: from.summary === undefined ? undefined : safeMarkdown(from.summary),
    objectives: from.objectives.map(safeMarkdown),
  };
  const m = messagesOf(from.lang);
  const lines = [`**${meta.title}.**${meta.summary ? ` ${meta.summary}` : ""}`];
  if (meta.objectives.length) {
    lines.push("", m.inThisNotebook, "");
    for (const objective of meta.objectives) lines.push(`- ${objective}`);
  }
  if (meta.sources.length) {
    lines.push("", m.sources + m.colon.trimEnd(), "");
    for (const s of meta.sources) {
      const url = s.url === undefined ? undefined : safeUrl(s.url);
      lines.push(`- ${url ? `[${citeSource(s)}](${url})` : citeSource(s)}`);
    }
  }
  return lines.join("\n");
}
