import { z } from "../npm/zod.ts";
import YAML from "../npm/yaml.ts";
import { NAME } from "./cell_options.ts";
import { describeIssue } from "./describe_issue.ts";
import type { Cell, ExercisePart, QuestionPart } from "./model.ts";

/** The YAML of a ```exercise block. */
const ExerciseYaml = z.strictObject({
  title: z.string().min(1),
  task: z.string().min(1),
  hints: z.array(z.string().min(1)).default([]),
});

/** The YAML of a ```question block. */
const QuestionYaml = z.strictObject({
  ask: z.string().min(1),
  choices: z.array(z.union([z.string(), z.number()]).transform(String)).min(2).optional(),
});

/** Where a block's problem is: the message and its line. */
export class BlockError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

/** The `name=NAME` of an exercise or question fence; throws for anything else. */
function blockName(kind: string, words: string[], line: number): string {
  let name: string | undefined;
  for (const word of words) {
    const [, value] = /^name=(.*)$/.exec(word) ?? [];
    if (value === undefined) {
      throw new BlockError(line, `unknown ${kind} option "${word}" (known: name=)`);
    }
    if (!NAME.test(value)) {
      throw new BlockError(
        line,
        `${kind} name "${value}" must be lower-case letters, digits and dashes`,
      );
    }
    name = value;
  }
  if (!name) {
    throw new BlockError(line, `a \`\`\`${kind} block needs a name: \`\`\`${kind} name=NAME`);
  }
  return name;
}

/** The block's YAML, validated; problems at the block's own line. */
function blockYaml<T>(schema: z.ZodType<T>, kind: string, source: string, line: number): T {
  let data: unknown;
  try {
    data = YAML.parse(source);
  } catch (e) {
    const at = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? 0;
    throw new BlockError(
      line + at,
      `the ${kind} block is not valid YAML: ${(e as Error).message.split("\n")[0]}`,
    );
  }
  const result = schema.safeParse(data ?? {}, { reportInput: true });
  if (!result.success) {
    const [first] = result.error.issues;
    if (!first) throw new BlockError(line, `the ${kind} block does not fit its schema`);
    const key = String(first.path[0] ?? (first as { keys?: string[] }).keys?.[0] ?? "");
    const at = source.split("\n").findIndex((l) => key && l.startsWith(`${key}:`));
    throw new BlockError(at < 0 ? line : line + at + 1, `${kind}: ${describeIssue(first)}`);
  }
  return result.data;
}

/** A ```exercise block, before its cells are known. */
export function exerciseBlock(
  words: string[],
  source: string,
  line: number,
  endLine: number,
): ExercisePart {
  const name = blockName("exercise", words, line);
  const y = blockYaml(ExerciseYaml, "exercise", source, line);
  return { kind: "exercise", name, ...y, check: "", solution: "", line, endLine };
}

/** A ```question block, before its answer cell is known. */
export function questionBlock(
  words: string[],
  source: string,
  line: number,
  endLine: number,
): QuestionPart {
  const name = blockName("question", words, line);
  const y = blockYaml(QuestionYaml, "question", source, line);
  return {
    kind: "question",
    name,
    ask: y.ask,
    choices: y.choices ?? [],
    answer: "",
    line,
    endLine,
  };
}

/**
 * Ties each exercise to its check, hint and solution cells and each question to its answer
 * cell, in the order a run needs them: an exercise's check (and hint) before its solution, all
 * after the exercise; a question's answer after it. Throws a BlockError at the line to fix.
 */
export function linkExercises(
  exercises: ExercisePart[],
  questions: QuestionPart[],
  cells: Cell[],
): void {
  const names = new Map<string, ExercisePart | QuestionPart>();
  for (const block of [...exercises, ...questions].sort((a, b) => a.line - b.line)) {
    const before = names.get(block.name);
    if (before) {
      throw new BlockError(
        block.line,
        `the name "${block.name}" is already used by the ${before.kind} at line ${before.line}`,
      );
    }
    names.set(block.name, block);
  }
  for (const cell of cells) {
    const role = cell.options.role;
    if (!role) continue;
    const { kind, name } = role;
    const o = cell.options;
    if (o.skip || o.expectError || o.requires.length || o.hidden) {
      throw new BlockError(
        cell.line,
        `a ${kind}= cell cannot also be skip, expect-error, hidden or requires=`,
      );
    }
    const block = names.get(name);
    const wants = kind === "answer" ? "question" : "exercise";
    if (!block || block.kind !== wants) {
      throw new BlockError(
        cell.line,
        `${kind}=${name} names no ${wants}: declare it first, with a \`\`\`${wants} name=${name} block`,
      );
    }
    if (block.line > cell.line) {
      throw new BlockError(
        cell.line,
        `the ${kind} of ${name} must come after its ${wants} block (line ${block.line})`,
      );
    }
    const slot = kind === "answer" ? (block as QuestionPart) : (block as ExercisePart);
    const current = (slot as unknown as Record<string, string | undefined>)[kind];
    if (current) {
      throw new BlockError(cell.line, `${wants} ${name} already has its ${kind} (cell ${current})`);
    }
    (slot as unknown as Record<string, string>)[kind] = cell.id;
  }
  const lineOf = (id: string) => cells.find((c) => c.id === id)!.line;
  for (const ex of exercises) {
    for (const needed of ["check", "solution"] as const) {
      if (!ex[needed]) {
        throw new BlockError(
          ex.line,
          `exercise ${ex.name} has no ${needed}: add a \`\`\`ts ${needed}=${ex.name} cell after it`,
        );
      }
    }
    for (const before of [ex.check, ex.hint]) {
      if (before && lineOf(before) > lineOf(ex.solution)) {
        throw new BlockError(
          lineOf(before),
          `the ${before === ex.check ? "check" : "hint"} of ${ex.name} must come before its ` +
            "solution: a run checks the lab before and after the solution",
        );
      }
    }
  }
  for (const q of questions) {
    if (!q.answer) {
      throw new BlockError(
        q.line,
        `question ${q.name} has no answer: add a \`\`\`ts answer=${q.name} cell after it that ` +
          "returns what the lab says",
      );
    }
  }
}
