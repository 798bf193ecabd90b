import { createHash } from "node:crypto";
import type { Cell, Notebook } from "./model.ts";

/**
 * The narrative of a notebook, as a translation tracks it: the whole file (front matter,
 * prose, diagrams, exercise and question blocks), with the lines of every ```ts cell, from its
 * opening fence to its closing one, left out. Cells are compared byte for byte on their own
 * (`cellDifferences`), so a change that touches only the code does not make a translation stale.
 * Pure.
 */
export function narrativeOf(nb: Notebook): string {
  const lines = nb.source.split("\n");
  const inCell = new Set<number>();
  for (const cell of nb.cells) {
    for (let l = cell.line; l <= cell.endLine; l++) inCell.add(l);
  }
  return lines.filter((_, i) => !inCell.has(i + 1)).join("\n");
}

/**
 * The digest a translation's `translated-from:` records: `sha256:` and the first 16 hex digits
 * of the SHA-256 of the original's narrative (`narrativeOf`, UTF-8). Pure.
 */
export function narrativeDigest(nb: Notebook): string {
  return `sha256:${createHash("sha256").update(narrativeOf(nb)).digest("hex").slice(0, 16)}`;
}

/** A cell's lines as written, fences included. */
function cellLines(nb: Notebook, cell: Cell): string[] {
  return nb.source.split("\n").slice(cell.line - 1, cell.endLine);
}

/** Where a cell is: `cell "id" (path:line)`. */
function where(nb: Notebook, cell: Cell): string {
  return `cell "${cell.id}" (${nb.path}:${cell.line})`;
}

/**
 * How a translation's cells differ from its original's: one sentence per cell that is not the
 * same byte for byte (its fence line with id and options, its code, its closing fence), or that
 * one of them lacks, naming the cell in both files. Empty when they are the same. Pure.
 */
export function cellDifferences(original: Notebook, translation: Notebook): string[] {
  const problems: string[] = [];
  const n = Math.max(original.cells.length, translation.cells.length);
  for (let i = 0; i < n; i++) {
    const a = original.cells[i];
    const b = translation.cells[i];
    if (!a || !b) {
      if (a) problems.push(`${where(original, a)} is missing from ${translation.path}`);
      if (b) problems.push(`${where(translation, b)} is not in ${original.path}`);
      continue;
    }
    const la = cellLines(original, a);
    const lb = cellLines(translation, b);
    if (la[0] !== lb[0]) {
      problems.push(
        `${where(translation, b)} opens with \`${lb[0]}\` but ${where(original, a)} with \`${
          la[0]
        }\``,
      );
      continue;
    }
    const at = la.findIndex((line, k) => line !== lb[k]);
    if (at >= 0 || la.length !== lb.length) {
      const k = at >= 0 ? at : Math.min(la.length, lb.length);
      problems.push(
        `${where(translation, b)} differs from ${where(original, a)} at line ${
          b.line + k
        } of the translation (line ${a.line + k} of the original): ${
          JSON.stringify(lb[k] ?? "(the cell ends)")
        } instead of ${JSON.stringify(la[k] ?? "(the cell ends)")}`,
      );
    }
  }
  return problems;
}

/** Where a translation stands against its original. */
export interface TranslationState {
  /** The digest of the original's narrative today. */
  digest: string;
  /** The digest the translation records (`translated-from:`), if any. */
  recorded?: string;
  /** How the cells differ (empty: the same, byte for byte). */
  cells: string[];
  /** In line: same cells, and it records today's digest of the original's narrative. */
  current: boolean;
}

/** Compares a translation with its original. Pure. */
export function translationState(original: Notebook, translation: Notebook): TranslationState {
  const digest = narrativeDigest(original);
  const recorded = translation.meta.translatedFrom;
  const cells = cellDifferences(original, translation);
  return {
    digest,
    ...(recorded ? { recorded } : {}),
    cells,
    current: cells.length === 0 && recorded === digest,
  };
}

/**
 * A translation's text with `translated-from:` set to `digest` in its front matter: the line
 * replaced where there is one, else added after `translation-of:`. Throws when the text has no
 * front matter with `translation-of:`. Pure.
 */
export function stampTranslation(text: string, digest: string, path: string): string {
  const lines = text.split("\n");
  const end = lines[0]?.trim() === "---"
    ? lines.findIndex((l, i) => i > 0 && l.trim() === "---")
    : -1;
  const front = end < 0 ? [] : lines.slice(1, end);
  const of = front.findIndex((l) => /^translation-of:/.test(l));
  if (of < 0) {
    throw new Error(
      `${path}:1: not a translation: its front matter has no \`translation-of:\` naming the original`,
    );
  }
  const line = `translated-from: ${digest}`;
  const at = front.findIndex((l) => /^translated-from:/.test(l));
  if (at >= 0) lines[at + 1] = line;
  else lines.splice(of + 2, 0, line);
  return lines.join("\n");
}
