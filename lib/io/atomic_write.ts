import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** Writes in progress, by path: a second write of the same file waits for the first. */
const pending = new Map<string, Promise<void>>();

async function write(path: string, content: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = `${path}.${Deno.pid}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, content);
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => {});
    if (e instanceof Deno.errors.PermissionDenied || (e as { code?: string }).code === "EACCES") {
      throw new Deno.errors.PermissionDenied(`cannot write into ${dir}: permission denied`);
    }
    throw e;
  }
}

/**
 * Writes a file all or nothing: the content goes to a temporary file beside it, which is then
 * renamed over the target, so a reader (or a crash) never sees half a file. A failed write
 * leaves the target as it was. The folder is made if needed; an unwritable folder is named in
 * the error. Writes of the same file from one process happen one after the other.
 */
export function atomicWrite(path: string, content: string | Uint8Array): Promise<void> {
  const before = pending.get(path) ?? Promise.resolve();
  const done = before.catch(() => {}).then(() => write(path, content));
  const settled = done.catch(() => {});
  pending.set(path, settled);
  settled.then(() => {
    if (pending.get(path) === settled) pending.delete(path);
  });
  return done;
}
