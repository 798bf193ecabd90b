import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

async function exists(path: string): Promise<boolean> {
  return await stat(path).then(() => true, () => false);
}

/**
 * Moves the files of `from` into `to`, all or none: a file of the same name is set aside first
 * and put back if a later move fails.
 */
async function moveInto(from: string, to: string, names: string[]): Promise<void> {
  const made = !await exists(to);
  await mkdir(to, { recursive: true });
  const done: { target: string; old?: string }[] = [];
  try {
    for (const name of names) {
      const target = join(to, name);
      await mkdir(dirname(target), { recursive: true });
      const old = await exists(target) ? join(from, `${name}.old`) : undefined;
      if (old) await rename(target, old);
      done.push({ target, old });
      await rename(join(from, name), target);
    }
  } catch (error) {
    for (const { target, old } of done.reverse()) {
      await rm(target, { force: true }).catch(() => {});
      if (old) await rename(old, target).catch(() => {});
    }
    if (made) await rm(to, { recursive: true, force: true }).catch(() => {});
    throw error;
  }
}

/**
 * Writes files (name → text or bytes) into a folder, all or none: they are written to a folder beside
 * it, then moved into place; an error leaves the folder as it was. Returns the paths written.
 */
export async function writeFiles(
  dir: string,
  files: ReadonlyMap<string, string | Uint8Array>,
): Promise<string[]> {
  const outDir = resolve(dir);
  let temp: string;
  try {
    await mkdir(dirname(outDir), { recursive: true });
    temp = await Deno.makeTempDir({ dir: dirname(outDir), prefix: `.${basename(outDir)}-` });
  } catch (e) {
    if (e instanceof Deno.errors.PermissionDenied) {
      throw new Deno.errors.PermissionDenied(
        `cannot write into ${outDir}: permission denied (choose another folder with --out)`,
      );
    }
    throw e;
  }
  try {
    for (const [name, text] of files) {
      await mkdir(dirname(join(temp, name)), { recursive: true });
      await writeFile(join(temp, name), text);
    }
    await moveInto(temp, outDir, [...files.keys()]);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return [...files.keys()].map((name) => join(outDir, name));
}
