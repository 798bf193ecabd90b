import { join } from "node:path";

/**
 * Writes files into a folder so that none is ever half-written: every file goes to a temp file
 * beside its place first, and only when all are written are they renamed into place.
 * Returns the paths written.
 */
export async function writeFiles(
  dir: string,
  files: ReadonlyMap<string, string>,
): Promise<string[]> {
  await Deno.mkdir(dir, { recursive: true });
  const temps: [string, string][] = [];
  try {
    for (const [name, text] of files) {
      const path = join(dir, name);
      const temp = `${path}.${Deno.pid}.tmp`;
      temps.push([temp, path]);
      await Deno.writeTextFile(temp, text);
    }
    for (const [temp, path] of temps) await Deno.rename(temp, path);
  } finally {
    for (const [temp] of temps) await Deno.remove(temp).catch(() => {});
  }
  return temps.map(([, path]) => path);
}
