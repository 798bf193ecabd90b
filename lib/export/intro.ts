import type { FrontMatter } from "../notebook/front_matter.ts";

/** The notebook's front matter for a reader: summary, objectives and the seeds it teaches from. */
export function introMarkdown(meta: FrontMatter): string {
  const lines = [`**${meta.title}.** ${meta.summary}`, "", "In this notebook you will:", ""];
  for (const objective of meta.objectives) lines.push(`- ${objective}`);
  if (meta.sources.length) {
    lines.push(
      "",
      "Taught from " + meta.sources.map((s) => `seed ${s.seed} (${s.section})`)
        .join("; ") +
        ".",
    );
  }
  return lines.join("\n");
}
