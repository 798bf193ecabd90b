import assert from "node:assert/strict";
import { join } from "node:path";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { curriculumPaths, loadNotebook } from "../../lib/cli/curriculum.ts";
import { fixturePathFor } from "../../lib/fixture/paths.ts";
import { readFixture } from "../../lib/fixture/read_fixture.ts";
import { driftCheck, labFamily } from "../../lib/fixture/drift_check.ts";
import type { Fixture } from "../../lib/fixture/schema.ts";
import { labBackends } from "../../lib/lab/backends.ts";
import { probeLab } from "../../lib/lab/probe_lab.ts";

// The drift check: each notebook runs live, in the kind of lab it was recorded in (the netns
// lab, or the micro-VM for 08 and 13), and must match its recording once what always varies
// (MACs, indexes, timings) is masked. Each notebook runs live once here, and nowhere else.
// CI runs as root, where both labs must work: there a lab that cannot start is a failure, not a
// reason to skip.
const inCI = Boolean(Deno.env.get("CI"));

/** The same recording, as if made on an older build of the same kernel series (6.1.0-57 -> -56). */
function olderBuild(f: Fixture): Fixture {
  const kernel = f.recorded.kernel.replace(/^(\d+\.\d+\.\d+-)(\d+)/, (_, a, n) => `${a}${n - 1}`);
  assert.notEqual(kernel, f.recorded.kernel, `no ABI number in ${f.recorded.kernel}`);
  return { ...f, recorded: { ...f.recorded, kernel } };
}

const notebooks = await Promise.all((await curriculumPaths()).map(async (path) => ({
  path,
  notebook: await loadNotebook(path),
  recorded: await readFixture(fixturePathFor(path), path).catch(() => undefined),
})));
// A recording made over SSH is of the netns lab's sandbox: here it runs in the netns lab.
const kindOf = (r: Fixture | undefined) => labFamily(r?.recorded.backend.kind ?? "netns");
// One lab of each kind is started to see what it has (a VM boot is seconds under TCG).
const probes = new Map<string, Awaited<ReturnType<typeof probeLab>>>();
for (const kind of new Set(notebooks.map((n) => kindOf(n.recorded)))) {
  const backend = labBackends().find((b) => b.kind === kind);
  const wanted = new Set(notebooks.flatMap((n) => n.notebook.meta.requires));
  probes.set(kind, backend ? await probeLab(backend, wanted) : { reason: "no such backend" });
}

for (const { path, notebook, recorded } of notebooks) {
  const kind = kindOf(recorded);
  const backend = labBackends().find((b) => b.kind === kind);
  const needs = [...notebook.meta.requires];
  const probe = probes.get(kind)!;
  const missing = "capabilities" in probe ? needs.filter((c) => !probe.capabilities.has(c)) : [];
  const canRun = "info" in probe && missing.length === 0;
  const cannot = "reason" in probe ? probe.reason : `it lacks ${missing.join(", ")}`;

  Deno.test({
    name: `live ${path} matches its recording (${kind} lab)`,
    ignore: !recorded || (!canRun && !inCI),
    fn: async () => {
      assert.ok(canRun, `CI must be able to run ${path} live in the ${kind} lab: ${cannot}`);
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
        assert.equal(driftCheck(path, recorded!, now, skip), undefined);
        if (kind === "vm") {
          // Debian moves its kernel's ABI number (6.1.0-56 -> 6.1.0-57) and keeps only the
          // newest: a recording made on an older build of the series stays valid.
          assert.equal(driftCheck(path, olderBuild(recorded!), now, skip), undefined);
        }
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}
