/** Reading mermaid source text: statements, labels, and the error for what cannot be read. */

/** The source is not mermaid this reader understands: `line` is 1-based in the source. */
export class MermaidSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = "MermaidSyntaxError";
  }
}

/** A statement of the source, without comments, with its 1-based line. */
export interface Statement {
  line: number;
  text: string;
}

/**
 * The statements of a source after its header: comments (`%%`) and front matter left out, lines
 * split at `;` outside quotes, blank ones dropped. The first is the header.
 */
export function statements(source: string): Statement[] {
  const lines = source.split("\n");
  let start = 0;
  if (lines[0]?.trim() === "---") {
    const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
    start = end < 0 ? lines.length : end + 1;
  }
  const out: Statement[] = [];
  for (const [i, line] of lines.entries()) {
    if (i < start) continue;
    const text = line.trim();
    if (!text || text.startsWith("%%")) continue;
    for (const part of splitOutsideQuotes(text, ";")) {
      if (part.trim()) out.push({ line: i + 1, text: part.trim() });
    }
  }
  return out;
}

function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === sep && !quoted) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts;
}

const ENTITIES: Record<string, string> = {
  quot: '"',
  amp: "&",
  lt: "<",
  gt: ">",
  nbsp: " ",
  "35": "#",
  "59": ";",
};

/** A label as a reader sees it: quotes and markdown backticks off, `<br/>` as line breaks. */
export function labelLines(raw: string): string[] {
  let text = raw.trim();
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  if (text.length >= 2 && text.startsWith("`") && text.endsWith("`")) text = text.slice(1, -1);
  return text
    .split(/<br\s*\/?>|\\n/i)
    .map((line) =>
      line
        .replace(/<\/?[a-z][^>]*>/gi, "")
        .replace(/[&#](#?\w+);/g, (m, name: string) => ENTITIES[name.replace(/^#/, "")] ?? m)
        .replace(/\s+/g, " ")
        .trim()
    )
    .filter((line) => line !== "");
}
