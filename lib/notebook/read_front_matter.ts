import YAML from "../npm/yaml.ts";
import { FrontMatter, type NotebookMeta, toMeta } from "./front_matter.ts";

/**
 * A notebook's metadata from its front matter alone, without parsing the rest (for lists of
 * many notebooks). Without front matter, or without a title in it, the first `# ` line is the
 * title. Pure. Returns undefined where the front matter is not valid: parseNotebook says why.
 */
export function readFrontMatter(source: string): NotebookMeta | undefined {
  const lines = source.split("\n");
  let yaml = "";
  if (lines[0]?.trim() === "---") {
    const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
    if (end < 0) return undefined;
    yaml = lines.slice(1, end).join("\n");
  }
  let data: unknown;
  try {
    data = yaml ? YAML.parse(yaml) : {};
  } catch {
    return undefined;
  }
  const parsed = FrontMatter.safeParse(data ?? {});
  if (!parsed.success) return undefined;
  const title = parsed.data.title ?? lines.find((l) => /^# \S/.test(l))?.slice(2).trim();
  return title ? toMeta(parsed.data, title) : undefined;
}
