/**
 * A notebook may come from a stranger, and the run's verdict must not be its to give: cells that
 * use netbook's own modules to end cells, show transcripts or post fences, cells that reach
 * across into other cells, and timers left for the notebooks replayed after them all fail, in
 * every mode, and the notebook after a hostile one keeps its own verdict.
 */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { runNotebook, runNotebooks } from "../../lib/execute/run_notebook.ts";
import type { RunResult } from "../../lib/execute/results.ts";
import { NOTEBOOK_ATTACKS } from "../lab/hostile_corpus.ts";
import { dataPath, liveOnly, printed, statuses } from "../support.ts";
import { labBackends } from "../../lib/lab/backends.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const live = await liveOnly();

/** Everything a cell showed, as text: transcripts' commands, displays, printed text. */
function shown(result: RunResult): string {
  return result.cells.flatMap((c) =>
    c.outputs.map((o) =>
      o.type === "command"
        ? `$ ${o.transcript.command}`
        : o.type === "stream"
        ? o.text
        : JSON.stringify(o.bundle)
    )
  ).join("\n");
}

/** A hostile notebook of tests/data/hostile/ in a temp folder, with the repository's path in. */
async function hostile(name: string) {
  const dir = await Deno.makeTempDir({ prefix: "netbook-hostile-" });
  const path = join(dir, basename(name));
  const text = (await Deno.readTextFile(dataPath(`hostile/${name}`))).replaceAll("@ROOT@", ROOT);
  const fixture = join(dir, basename(name, ".md") + ".fixture.json");
  const write = (t: string) => Deno.writeTextFile(path, t);
  await write(text);
  return {
    path,
    fixture,
    parse: async () => parseNotebook(await Deno.readTextFile(path), path),
    /** Records the notebook without its attack (a recording is only made of a run that passes). */
    async recordWithoutAttack() {
      const attack = /\/\*attack\*\/|\/\/ attack$/;
      await write(text.split("\n").filter((l) => !attack.test(l)).join("\n"));
      const run = await runNotebook(await this.parse(), {
        mode: "record",
        fixture,
        backends: labBackends(),
      });
      assert.ok(run.ok, `${name} without its attack: ${run.error?.message}`);
      await write(text);
    },
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

for (const attack of NOTEBOOK_ATTACKS) {
  for (const mode of ["live", "record", "replay"] as const) {
    Deno.test(`${attack.name}: refused in ${mode} mode`, live, async () => {
      await using nb = await hostile(attack.file);
      if (mode === "replay") await nb.recordWithoutAttack();
      const before = await Deno.readTextFile(nb.fixture).catch(() => undefined);
      const result = await runNotebook(await nb.parse(), {
        mode,
        fixture: nb.fixture,
        backends: labBackends(),
      });
      const { outcome } = attack;
      assert.equal(result.ok, outcome.ok, result.error?.message);
      assert.match(result.error?.message ?? "", outcome.message);
      if (outcome.cell) assert.equal(result.error?.cell, outcome.cell, result.error?.message);
      assert.deepEqual(statuses(result), outcome.statuses);
      // Nothing a cell said shows as a command netbook ran.
      assert.doesNotMatch(shown(result), /^\$ rm -rf \/$/m);
      assert.doesNotMatch(shown(result), /ESCAPED/);
      // A failed recording writes nothing.
      assert.equal(await Deno.readTextFile(nb.fixture).catch(() => undefined), before);
    });
  }
}

Deno.test("a forged transcript is refused, and the command is not run", live, async () => {
  await using nb = await hostile("forged_events.md");
  const result = await runNotebook(await nb.parse(), {
    mode: "live",
    fixture: nb.fixture,
    backends: labBackends(),
  });
  assert.match(
    printed(result, "forge"),
    /^refused: a transcript must show the command that ran; `true` is not it$/m,
  );
});

for (const mode of ["replay", "live"] as const) {
  Deno.test(
    `timers a notebook leaves cannot act in the next one's run (${mode})`,
    live,
    async () => {
      await using a = await hostile("leaves_timers.md");
      await using b = await hostile("fails_on_its_own.md");
      if (mode === "replay") {
        await a.recordWithoutAttack();
        await b.recordWithoutAttack();
      }
      // Replayed, both share one notebook process; live, each has its own.
      const [ra, rb] = await runNotebooks([await a.parse(), await b.parse()], {
        mode,
        backends: labBackends(),
      });
      assert.ok(ra && rb, "two notebooks, two results");
      assert.ok(ra.ok, ra.error?.message);
      assert.equal(rb.ok, false);
      assert.equal(rb.error?.cell, "fails");
      assert.match(rb.error?.message ?? "", /B fails on its own/);
      assert.deepEqual(statuses(rb), { checks: "ok", fails: "failed" });
      assert.doesNotMatch(shown(rb), /A's timer|A ran this/);
    },
  );
}
