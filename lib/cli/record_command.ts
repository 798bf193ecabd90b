import { runNotebook } from "../execute/run_notebook.ts";
import type { LabBackend } from "../lab/backend.ts";
import { labBackends } from "../lab/backends.ts";
import { CapabilityMissingError } from "../lab/errors.ts";
import { curriculumPaths, loadNotebook } from "./curriculum.ts";
import { findNotebook } from "./find_notebook.ts";
import type { Terminal } from "./terminal.ts";
import { visible } from "../render/visible.ts";

/**
 * Records notebooks (all of the curriculum when none is named): each a real live run, saved as
 * its fixture only if it passed. With all of them, one this machine cannot run is said, not failed.
 */
export async function recordCommand(
  t: Terminal,
  args: string[],
  backend?: LabBackend,
): Promise<number> {
  const s = t.style;
  const all = args.length === 0 || (args.length === 1 && args[0] === "all");
  let failed = 0;
  for (
    const path of all
      ? await curriculumPaths()
      : await Promise.all(args.map((a) => findNotebook(a)))
  ) {
    t.write(`recording ${visible(path)} ... `);
    try {
      const notebook = await loadNotebook(path);
      let progressed = false;
      const result = await runNotebook(notebook, {
        mode: "record",
        backend,
        backends: labBackends(),
        onProgress: (m) => {
          progressed = true;
          t.write(`\n${s.dim(`  ${m}`)}`);
        },
      });
      if (progressed) t.write("\n  ");
      if (result.ok) {
        const outputs = result.cells.reduce((n, c) => n + c.outputs.length, 0);
        t.write(s.green("ok") + s.dim(` (${outputs} outputs) -> ${result.fixture}\n`));
      } else {
        failed++;
        t.write(
          s.red(`failed\n  ${visible(result.error?.message ?? "")}\n`) +
            "  (the old recording is unchanged)\n",
        );
      }
    } catch (e) {
      if (all && e instanceof CapabilityMissingError) {
        t.write(s.yellow(`not here: ${visible(e.message)}\n`));
      } else {
        failed++;
        t.write(s.red(`failed\n  ${visible((e as Error).message)}\n`));
      }
    }
  }
  return failed ? 1 : 0;
}
