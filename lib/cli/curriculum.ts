import { join } from "node:path";
import { parseNotebook } from "../notebook/parse.ts";
import type { Notebook } from "../notebook/model.ts";

/** The repository's notebooks folder. */
export const NOTEBOOKS_DIR = new URL("../../notebooks/", import.meta.url).pathname;

/** Reads and parses a notebook file; a missing file is a clear error. */
export async function loadNotebook(path: string): Promise<Notebook> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(`there is no notebook at ${path} (run \`deno task notebook\` to list them)`);
    }
    if (e instanceof Deno.errors.IsADirectory) {
      throw new Error(`${path} is a folder, not a notebook: name one of the .md files in it`);
    }
    throw e;
  }
  return parseNotebook(text, path);
}

/** The curriculum's notebook paths in order (NN-slug.md), relative to the current directory. */
export async function curriculumPaths(): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(NOTEBOOKS_DIR)) {
      if (entry.isFile && /^\d\d-.*\.md$/.test(entry.name)) names.push(entry.name);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const rel = NOTEBOOKS_DIR.startsWith(Deno.cwd() + "/")
    ? NOTEBOOKS_DIR.slice(Deno.cwd().length + 1)
    : NOTEBOOKS_DIR;
  return names.sort().map((n) => join(rel, n));
}
