import { citeSource, type NotebookMeta } from "../notebook/front_matter.ts";

/** The notebook's front matter for a reader: summary, objectives and the documents it draws on. */
export function introMarkdown(meta: NotebookMeta): string {
  const lines = [`**${meta.title}.**${meta.summary ? ` ${meta.summary}` : ""}`];
  if (meta.objectives.length) {
    lines.push("", "In this notebook you will:", "");
    for (const objective of meta.objectives) lines.push(`- ${objective}`);
  }
  if (meta.sources.length) {
    lines.push("", "Sources:", "");
    for (const s of meta.sources) {
      lines.push(`- ${s.url ? `[${citeSource(s)}](${s.url})` : citeSource(s)}`);
    }
  }
  return lines.join("\n");
}
