import MarkdownIt from "../npm/markdown_it.ts";
import YAML from "../npm/yaml.ts";
import { parseCellOptions } from "./cell_options.ts";
import { FrontMatter, toMeta } from "./front_matter.ts";
import { describeIssue } from "./describe_issue.ts";
import type { Cell, ExercisePart, Notebook, Part, QuestionPart } from "./model.ts";
import { BlockError, exerciseBlock, linkExercises, questionBlock } from "./exercise_blocks.ts";

const markdown = new MarkdownIt();
const CODE_LANGS = new Set(["ts", "typescript"]);
/** Fenced blocks that are parts of their own: diagrams, exercises and questions. */
const BLOCK_LANGS = new Set(["mermaid", "exercise", "question"]);

function fail(path: string, line: number, message: string): never {
  throw new SyntaxError(`${path}:${line}: ${message}`);
}

/** The YAML between the opening and closing --- lines, if the notebook starts with one. */
function splitFrontMatter(path: string, lines: string[]): { yaml?: string; bodyStart: number } {
  if (lines[0]?.trim() !== "---") return { bodyStart: 0 };
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  if (end < 0) fail(path, 1, "the front matter opened here is never closed with a --- line");
  return { yaml: lines.slice(1, end).join("\n"), bodyStart: end + 1 };
}

function parseMeta(path: string, yaml: string) {
  let data: unknown;
  try {
    data = YAML.parse(yaml);
  } catch (e) {
    const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? 0;
    fail(path, line + 1, `front matter is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  const result = FrontMatter.safeParse(data ?? {}, { reportInput: true });
  if (!result.success) {
    const [first] = result.error.issues;
    if (!first) fail(path, 1, "front matter does not fit its schema");
    const key = String(first.path[0] ?? (first as { keys?: string[] }).keys?.[0] ?? "");
    const at = yaml.split("\n").findIndex((l) => key && l.startsWith(`${key}:`));
    fail(path, at < 0 ? 1 : at + 2, `front matter: ${describeIssue(first)}`);
  }
  return result.data;
}

/** The text of the first level-1 heading, if any. */
function firstHeading(tokens: ReturnType<typeof markdown.parse>): string | undefined {
  const open = tokens.findIndex((t) => t.type === "heading_open" && t.tag === "h1");
  return open < 0 ? undefined : tokens[open + 1]?.content.trim() || undefined;
}

/**
 * Parses a notebook: YAML front matter, narrative, ```ts cells and ```mermaid diagrams.
 * Pure: no I/O. Throws SyntaxError naming `path:line` for anything malformed.
 */
export function parseNotebook(source: string, path: string): Notebook {
  const lines = source.split("\n");
  const { yaml, bodyStart } = splitFrontMatter(path, lines);
  const front = yaml === undefined ? FrontMatter.parse({}) : parseMeta(path, yaml);
  const body = lines.slice(bodyStart).join("\n");
  const tokens = markdown.parse(body, {});
  const title = front.title ?? firstHeading(tokens);
  if (!title) {
    fail(
      path,
      1,
      "a notebook needs a title: a `# Heading`, or `title:` in YAML front matter between --- lines",
    );
  }
  const meta = toMeta(front, title);

  const parts: Part[] = [];
  const cells: Cell[] = [];
  const exercises: ExercisePart[] = [];
  const questions: QuestionPart[] = [];
  const ids = new Map<string, number>();
  let narrativeFrom = bodyStart + 1; // 1-based line where pending narrative starts

  const flushNarrative = (upTo: number) => {
    const text = lines.slice(narrativeFrom - 1, upTo - 1).join("\n");
    if (text.trim()) parts.push({ kind: "markdown", text, line: narrativeFrom, endLine: upTo - 1 });
  };

  for (const token of tokens) {
    if (token.type !== "fence" || !token.map) continue;
    const [lang = "", ...words] = token.info.trim().split(/\s+/);
    const isCell = CODE_LANGS.has(lang);
    if (!isCell && !BLOCK_LANGS.has(lang)) continue; // other blocks are narrative
    const line = bodyStart + token.map[0] + 1;
    const endLine = bodyStart + token.map[1];
    if (token.level > 0) {
      fail(path, line, `a \`\`\`${lang} block must not be nested in a list or quote`);
    }
    const closing = lines[endLine - 1]?.trim() ?? "";
    if (
      endLine === line || !closing.startsWith(token.markup) ||
      closing.replaceAll(token.markup.charAt(0), "")
    ) {
      fail(path, line, `the \`\`\`${lang} block opened here is never closed`);
    }
    flushNarrative(line);
    narrativeFrom = endLine + 1;
    if (lang === "exercise" || lang === "question") {
      try {
        const block = lang === "exercise"
          ? exerciseBlock(words, token.content, line, endLine)
          : questionBlock(words, token.content, line, endLine);
        if (block.kind === "exercise") exercises.push(block);
        else questions.push(block);
        parts.push(block);
      } catch (e) {
        if (e instanceof BlockError) fail(path, e.line, e.message);
        throw e;
      }
      continue;
    }
    if (!isCell) {
      if (words.length) {
        fail(path, line, `mermaid blocks take no options (found "${words.join(" ")}")`);
      }
      parts.push({ kind: "mermaid", source: token.content, line, endLine });
      continue;
    }
    let options;
    try {
      options = parseCellOptions(words);
    } catch (e) {
      fail(path, line, (e as Error).message);
    }
    const index = cells.length;
    const id = options.id ??
      (options.role ? `${options.role.kind}-${options.role.name}` : `cell-${index + 1}`);
    if (ids.has(id)) fail(path, line, `cell id "${id}" is already used at line ${ids.get(id)}`);
    ids.set(id, line);
    const cell: Cell = { kind: "code", index, id, code: token.content, options, line, endLine };
    cells.push(cell);
    parts.push(cell);
  }
  flushNarrative(lines.length + 1);
  try {
    linkExercises(exercises, questions, cells);
  } catch (e) {
    if (e instanceof BlockError) fail(path, e.line, e.message);
    throw e;
  }
  return { path, source, meta, parts, cells, exercises, questions };
}
