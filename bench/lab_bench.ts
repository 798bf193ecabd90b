/**
 * The live lab against the shell it teaches: `deno task bench` (as root, or where rootless
 * namespaces work). In the same run, each anchor:
 * - one lab command (`await $\`true\``) against one fork+exec in bash inside the same sandbox;
 * - each curriculum notebook live against a bash script of the very commands its recording
 *   holds, run in the same kind of sandbox (lab start included on both sides).
 * Deno reports each group's ratios to its baseline (the anchor).
 */
import { curriculumPaths, loadNotebook } from "../lib/cli/curriculum.ts";
import { runNotebook } from "../lib/execute/run_notebook.ts";
import { CAPABILITIES, type Capability } from "../lib/capability/registry.ts";
import { fixturePathFor } from "../lib/fixture/paths.ts";
import { readFixture } from "../lib/fixture/read_fixture.ts";
import { netnsBackend } from "../lib/lab/netns_backend.ts";
import type { Lab } from "../lib/lab/backend.ts";

const ignore = !(await netnsBackend.support()).ok;
const LOOP = 200;

/**
 * The commands a notebook's recording holds, in the notebook's order, as one bash script: those
 * of the cells this lab runs (a cell that requires what it lacks is skipped live, so its recorded
 * commands, made in a lab that had it, are left out here too).
 */
async function scriptOf(path: string, has: Set<Capability>): Promise<string> {
  const notebook = await loadNotebook(path);
  const fixture = await readFixture(fixturePathFor(path), path);
  const lines = notebook.cells
    .filter((c) => !c.options.skip && c.options.requires.every((r) => has.has(r)))
    .flatMap((c) => (fixture.cells[c.id] ?? []).map((call) => call.command));
  // Each command as the lab runs it: in a bash of its own whose failure does not stop the script.
  return lines.map((l) => `( ${l}\n) >/dev/null 2>&1`).join("\n");
}

let lab: Lab | undefined;
if (!ignore) lab = await netnsBackend.start();
const has = lab ? await lab.probe(CAPABILITIES) : new Set<Capability>();
globalThis.addEventListener("unload", () => void lab?.close());

Deno.bench({
  name: `one lab command: await $\`true\` (${LOOP} times)`,
  group: "command",
  ignore,
  async fn(b) {
    b.start();
    for (let i = 0; i < LOOP; i++) await lab!.exec("true");
    b.end();
  },
});

Deno.bench({
  name: `anchor: fork+exec of /bin/true in bash, in the sandbox (${LOOP} times)`,
  group: "command",
  baseline: true,
  ignore,
  async fn(b) {
    b.start();
    await lab!.exec(`for i in $(seq ${LOOP}); do /bin/true; done`);
    b.end();
  },
});

for (const path of ignore ? [] : await curriculumPaths()) {
  const notebook = await loadNotebook(path);
  // A notebook this lab cannot run (13-ipvs here) runs in the micro-VM: bench/vm_bench.ts.
  if (!notebook.meta.requires.every((r) => has.has(r))) continue;
  const script = await scriptOf(path, has).catch(() => undefined);
  if (!script) continue;
  const group = `live ${path.replace(/^.*\//, "")}`;
  Deno.bench({
    name: `${group}: the notebook, live`,
    group,
    n: 3,
    warmup: 1,
    async fn() {
      const run = await runNotebook(notebook, { mode: "live", backend: netnsBackend });
      if (!run.ok) throw run.error;
    },
  });
  Deno.bench({
    name: `${group}: anchor: its recorded commands as a bash script, in a fresh sandbox`,
    group,
    baseline: true,
    n: 3,
    warmup: 1,
    async fn() {
      const fresh = await netnsBackend.start();
      try {
        await fresh.exec(script);
      } finally {
        await fresh.close();
      }
    },
  });
}
