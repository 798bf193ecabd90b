/**
 * Replaying in lanes (runInLanes): several notebook processes run at once, each with its share of
 * the notebooks, and the results come back in the notebooks' order, whichever lane finishes first.
 * The lanes here are fake processes whose ends the test orders with promises.
 */
import assert from "node:assert/strict";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { runInLanes, splitLanes } from "../../lib/execute/notebook_lanes.ts";
import type { ProcessJob, ProcessResult } from "../../lib/execute/notebook_process.ts";

/** A job for a notebook of `cells` cells named nbI.md (only its notebook matters to the lanes). */
function job(i: number, cells: number): ProcessJob {
  const text = `# Notebook ${i}\n\n` +
    Array.from({ length: cells }, (_, c) => "```ts id=c" + c + "\nconsole.log(1);\n```\n").join(
      "\n",
    );
  return { notebook: parseNotebook(text, `nb${i}.md`) } as unknown as ProcessJob;
}

/** A result that names its notebook, to see where each one lands. */
function resultOf(j: ProcessJob): ProcessResult {
  return { cells: [{ id: j.notebook.path, status: "ok", ms: 0, outputs: [] }] };
}

Deno.test("the split balances the lanes by cells and keeps each lane in order", () => {
  const jobs = [job(0, 30), job(1, 2), job(2, 2), job(3, 25), job(4, 2), job(5, 2)];
  const split = splitLanes(jobs, 2);
  assert.deepEqual(split, [[0, 4], [1, 2, 3, 5]]);
  assert.deepEqual(splitLanes(jobs, 1), [[0, 1, 2, 3, 4, 5]]);
  // Never more lanes than notebooks, never an empty one.
  assert.deepEqual(splitLanes(jobs.slice(0, 2), 8), [[0], [1]]);
});

Deno.test("lanes run at once and the results keep the notebooks' order", async () => {
  const jobs = [job(0, 3), job(1, 3), job(2, 3), job(3, 3)];
  const started: string[][] = [];
  let bothStarted!: () => void;
  const both = new Promise<void>((resolve) => bothStarted = resolve);
  let laterLaneDone!: () => void;
  const later = new Promise<void>((resolve) => laterLaneDone = resolve);
  const finished: string[] = [];
  const results = await runInLanes(jobs, {
    dir: "/nonexistent",
    lanes: 2,
    async run(lane) {
      const names = lane.map((j) => j.notebook.path);
      started.push(names);
      if (started.length === 2) bothStarted();
      // Both lanes run before either ends (lanes one after the other fail here, not hang); the
      // one holding nb0 then waits for the other to end.
      let deadline: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        both,
        new Promise((_, reject) =>
          deadline = setTimeout(() => reject(new Error("the lanes did not run at once")), 10_000)
        ),
      ]).finally(() => clearTimeout(deadline));
      if (names.includes("nb0.md")) await later;
      finished.push(...names);
      if (!names.includes("nb0.md")) laterLaneDone();
      return lane.map(resultOf);
    },
  });
  assert.deepEqual(started, [["nb0.md", "nb2.md"], ["nb1.md", "nb3.md"]]);
  assert.deepEqual(finished, ["nb1.md", "nb3.md", "nb0.md", "nb2.md"], "nb0's lane ended last");
  assert.deepEqual(results.map((r) => r.cells[0]?.id), ["nb0.md", "nb1.md", "nb2.md", "nb3.md"]);
});

Deno.test("one lane is one notebook process for every notebook, in order", async () => {
  const jobs = [job(0, 1), job(1, 9), job(2, 1)];
  const calls: string[][] = [];
  const results = await runInLanes(jobs, {
    dir: "/nonexistent",
    run(lane) {
      calls.push(lane.map((j) => j.notebook.path));
      return Promise.resolve(lane.map(resultOf));
    },
  });
  assert.deepEqual(calls, [["nb0.md", "nb1.md", "nb2.md"]]);
  assert.deepEqual(results.map((r) => r.cells[0]?.id), ["nb0.md", "nb1.md", "nb2.md"]);
});
