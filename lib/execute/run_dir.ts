import { tmpdir } from "node:os";
import { join } from "node:path";

const PREFIX = "netbook-run-";

function alive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes the folders that runs killed before they could clean up left behind (their process is
 * gone), so that `kill -9` leaves nothing for long. Only netbook's own folders, by name and PID.
 */
export async function sweepDeadRuns(dir = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(entry.name);
    if (!entry.isDirectory || !m || alive(Number(m[1]))) continue;
    const path = join(dir, entry.name);
    await Deno.remove(path, { recursive: true }).then(() => removed.push(path), () => {});
  }
  return removed;
}

/** A private folder for one run (its generated module and its socket), named for its process. */
export async function makeRunDir(): Promise<string> {
  await sweepDeadRuns().catch(() => {});
  return await Deno.makeTempDir({ prefix: `${PREFIX}${Deno.pid}-` });
}
