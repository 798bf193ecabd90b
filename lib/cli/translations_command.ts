import { basename, dirname, join, relative, resolve } from "node:path";
import type { Notebook } from "../notebook/model.ts";
import { recordedNotebookOf } from "../fixture/paths.ts";
import { stampTranslation, translationState } from "../notebook/translation.ts";
import { atomicWrite } from "../io/atomic_write.ts";
import { loadNotebook, notebooksDir } from "./curriculum.ts";
import type { Terminal } from "./terminal.ts";

/** A path as the user would type it: relative to the current folder when inside it. */
function shown(path: string): string {
  const rel = relative(Deno.cwd(), path);
  return rel.startsWith("..") ? path : rel;
}

/** The .md files of a folder, sorted; none when it does not exist. */
async function markdownIn(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isFile && e.name.endsWith(".md")) names.push(e.name);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return names.sort().map((n) => join(dir, n));
}

/** A translation and its original, both parsed. */
interface Pair {
  translation: Notebook;
  original: Notebook;
}

async function pairOf(path: string): Promise<Pair | undefined> {
  const translation = await loadNotebook(shown(path));
  if (!translation.meta.translationOf) return undefined;
  const originalPath = recordedNotebookOf(path, translation.meta);
  try {
    return { translation, original: await loadNotebook(originalPath) };
  } catch (e) {
    throw new Error(
      `${path}: its translation-of: ${translation.meta.translationOf} names no notebook (${
        (e as Error).message
      })`,
    );
  }
}

/** The fix for a translation that is not in line, as a command. */
function stampCommand(path: string): string {
  return `deno task translations --stamp ${shown(path)}`;
}

/**
 * Writes `translated-from:` into a translation's front matter: the digest of its original's
 * narrative today. Refused when the cells differ (a translation whose cells are not the
 * original's is not in line). The file is written atomically.
 */
async function stamp(t: Terminal, path: string): Promise<number> {
  const pair = await pairOf(path);
  if (!pair) {
    throw new Error(
      `${path}:1: not a translation: its front matter has no \`translation-of:\` naming the original`,
    );
  }
  const state = translationState(pair.original, pair.translation);
  if (state.cells.length) {
    t.write(t.style.red(
      `netbook: ${path} is not stamped: its cells must be its original's byte for byte first:\n` +
        state.cells.map((c) => `  ${c}\n`).join(""),
    ));
    return 1;
  }
  const text = stampTranslation(pair.translation.source, state.digest, path);
  await atomicWrite(path, text);
  t.write(
    `${shown(path)}: translated-from: ${state.digest} (${
      shown(pair.original.path)
    } as it is now)\n`,
  );
  return 0;
}

/**
 * `deno task translations [FOLDER|FILE ...]`: every translation (default: notebooks/zh/) with its
 * original and whether it is in line (the same cells, byte for byte, and `translated-from:` the
 * digest of the original's narrative today), then the originals beside that folder that have no
 * translation in it. Exits 1 when one is not in line. `--stamp FILE` records that FILE was
 * brought in line with its original's narrative as it is now.
 */
export async function translationsCommand(
  t: Terminal,
  args: string[],
  o: { stamp?: string } = {},
): Promise<number> {
  if (o.stamp !== undefined) return await stamp(t, o.stamp);
  const s = t.style;
  const targets = args.length ? args : [notebooksDir("zh")];
  let ok = true;
  for (const target of targets) {
    const isDir = await Deno.stat(target).then((i) => i.isDirectory, () => false);
    const files = isDir ? await markdownIn(target) : [target];
    const translated = new Set<string>();
    for (const file of files) {
      const pair = await pairOf(file);
      if (!pair) continue;
      const { translation, original } = pair;
      translated.add(resolve(original.path));
      const state = translationState(original, translation);
      const head = `${shown(file)} ← ${shown(original.path)}`;
      if (state.current) {
        t.write(s.green(`✓ ${head}: in line (${state.digest})`) + "\n");
        continue;
      }
      ok = false;
      t.write(s.red(`✗ ${head}`) + "\n");
      for (const c of state.cells) t.write(`  ${c}\n`);
      if (!state.recorded) {
        t.write(
          `  it records no translated-from: bring it in line with ${
            shown(original.path)
          }, then run ${stampCommand(file)}\n`,
        );
      } else if (state.recorded !== state.digest) {
        t.write(
          `  the English changed since the translation was last brought in line (${state.recorded}, now ${state.digest}): translate what changed, then run ${
            stampCommand(file)
          }\n`,
        );
      }
    }
    if (!isDir) continue;
    for (const original of await markdownIn(dirname(resolve(target)))) {
      if (translated.has(original)) continue;
      ok = false;
      t.write(
        s.yellow(
          `✗ ${shown(original)} has no translation in ${shown(target)}: write ${
            shown(join(target, basename(original)))
          } with translation-of: ../${basename(original)}`,
        ) + "\n",
      );
    }
  }
  return ok ? 0 : 1;
}
