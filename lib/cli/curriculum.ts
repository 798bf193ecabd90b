import { join } from "node:path";
import { parseNotebook } from "../notebook/parse.ts";
import type { Notebook } from "../notebook/model.ts";
import { MESSAGE_LANGS, messagesFor } from "../i18n/messages.ts";

/** The repository's notebooks folder. */
export const NOTEBOOKS_DIR = new URL("../../notebooks/", import.meta.url).pathname;

/** Reads and parses a notebook file; a missing file is a clear error. */
export async function loadNotebook(path: string): Promise<Notebook> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      const m = messagesFor();
      throw new Error(m.noNotebookAt(path) + m.listThem);
    }
    if (e instanceof Deno.errors.IsADirectory) {
      throw new Error(messagesFor().isAFolder(path));
    }
    throw e;
  }
  return parseNotebook(text, path);
}

/** The languages the curriculum is written in: English in notebooks/, each other in its folder. */
export const LANGS = MESSAGE_LANGS;

/** The folder of the curriculum in a language: notebooks/ for English, notebooks/zh/ for Chinese. */
export function notebooksDir(lang = "en"): string {
  return lang === "en" ? NOTEBOOKS_DIR : `${NOTEBOOKS_DIR}${lang}/`;
}

/**
 * The curriculum's notebook paths in order (NN-slug.md), relative to the current directory: the
 * English notebooks, or (`lang`) their translations in notebooks/LANG/.
 */
export async function curriculumPaths(lang = "en"): Promise<string[]> {
  const names: string[] = [];
  const dir = notebooksDir(lang);
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && /^\d\d-.*\.md$/.test(entry.name)) names.push(entry.name);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const rel = dir.startsWith(Deno.cwd() + "/") ? dir.slice(Deno.cwd().length + 1) : dir;
  return names.sort().map((n) => join(rel, n));
}
