import { join } from "node:path";
import { parseNotebook } from "../notebook/parse.ts";
import type { Notebook } from "../notebook/model.ts";
import { MESSAGE_LANGS, messagesFor } from "../i18n/messages.ts";

/** The repository's notebooks folder. */
export const NOTEBOOKS_DIR = new URL("../../notebooks/", import.meta.url).pathname;

/** The largest file netbook reads as a notebook. */
export const NOTEBOOK_LIMIT = 4 * 1024 * 1024;

/**
 * A notebook's text; an error that says so when the file is not text (a NUL byte, or bytes
 * that are not UTF-8): a binary file is not a notebook that lacks a title.
 */
export function notebookText(bytes: Uint8Array, path: string): string {
  const decode = (b: Uint8Array, stream = false) =>
    new TextDecoder("utf-8", { fatal: true }).decode(b, { stream });
  let text = "";
  let bad = -1;
  let what = "not UTF-8";
  try {
    text = decode(bytes);
  } catch {
    // The first byte that is not UTF-8: the longest start that decodes ends before it.
    let [lo, hi] = [0, bytes.length];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      try {
        decode(bytes.subarray(0, mid), true);
        lo = mid;
      } catch {
        hi = mid - 1;
      }
    }
    bad = lo;
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0 && (bad < 0 || nul < bad)) [bad, what] = [nul, "a NUL"];
  if (bad >= 0) {
    throw new Error(
      `${path} is not a notebook: it is not text (byte ${bad} is ${what}). A notebook is a ` +
        "Markdown file, such as notebooks/01-netns-veth.md.",
    );
  }
  return text;
}

/** Reads and parses a notebook file; a missing, binary or huge file is a clear error. */
export async function loadNotebook(path: string): Promise<Notebook> {
  let text: string;
  try {
    const size = (await Deno.stat(path)).size;
    if (size > NOTEBOOK_LIMIT) {
      throw new Error(
        `${path} is not a notebook: it is ${(size / 2 ** 20).toFixed(1)} MB, and a notebook ` +
          `is a Markdown file of at most ${NOTEBOOK_LIMIT / 2 ** 20} MB`,
      );
    }
    text = notebookText(await Deno.readFile(path), path);
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
