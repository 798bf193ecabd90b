import assert from "node:assert/strict";
import { join } from "node:path";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { curriculumPaths, loadNotebook } from "../../lib/cli/curriculum.ts";
import { fixturePathFor } from "../../lib/fixture/paths.ts";
import { readFixture } from "../../lib/fixture/read_fixture.ts";
import { compareFixtures } from "../../lib/fixture/compare_fixtures.ts";
import { BACKENDS } from "../../lib/lab/backends.ts";
import { probeLab } from "../../lib/lab/probe_lab.ts";

// The drift check: each notebook runs live, in the kind of lab it was recorded in, and must
// match its recording once what always varies (MACs, indexes, timings) is masked. CI runs as
// root, where the netns lab must work: there a missing sandbox is a failure, not a reason to skip.
const inCI = Boolean(Deno.env.get("CI"));

for (const path of await curriculumPaths()) {
  const notebook = await loadNotebook(path);
  const recorded = await readFixture(fixturePathFor(path), path).catch(() => undefined);
  const backend = BACKENDS[recorded?.recorded.backend.kind ?? "netns"];
  const needs = [...notebook.meta.requires];
  const probe = backend ? await probeLab(backend, needs) : { reason: "no such backend" };
  const missing = "capabilities" in probe ? needs.filter((c) => !probe.capabilities.has(c)) : [];
  const canRun = "info" in probe && missing.length === 0;
  if (inCI && backend?.kind === "netns" && "reason" in probe) {
    throw new Error(`CI must be able to run the lab: ${probe.reason}`);
  }

  Deno.test({
    name: `live ${path} matches its recording`,
    ignore: !canRun || !recorded,
    fn: async () => {
      const dir = await Deno.makeTempDir({ prefix: "netbook-drift-" });
      try {
        const fresh = join(dir, "fresh.json");
        const result = await runNotebook(notebook, { mode: "record", fixture: fresh, backend });
        assert.ok(result.ok, result.error?.message);
        const now = await readFixture(fresh, path);
        // A cell that needs what one of the two labs lacked ran in one of them only.
        const both = new Set(
          recorded!.recorded.capabilities.filter((c) => now.recorded.capabilities.includes(c)),
        );
        const skip = new Set(
          notebook.cells.filter((c) => c.options.requires.some((r) => !both.has(r))).map((c) =>
            c.id
          ),
        );
        const drift = compareFixtures(recorded!, now, skip);
        assert.deepEqual(
          drift.map((d) => `${d.cell}#${d.call}: ${d.what}`),
          [],
          `${path} drifted from its recording; if the change is intended, re-record: deno task record ${path}`,
        );
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}
