import {
  type ProcessJob,
  type ProcessOptions,
  type ProcessResult,
  runNotebookProcess,
} from "./notebook_process.ts";

/** How runInLanes runs: at most `lanes` notebook processes at once. */
export interface LaneOptions extends ProcessOptions {
  /** How many notebook processes run at once; 1 (the default) is one after the other. */
  lanes?: number;
  /** Runs one lane's jobs in a notebook process (tests replace it). */
  run?: (jobs: ProcessJob[], options: ProcessOptions) => Promise<ProcessResult[]>;
}

/** What a notebook costs to run, roughly: starting its worker, and each of its cells. */
function weight(job: ProcessJob): number {
  return 2 + job.notebook.cells.length;
}

/**
 * Splits jobs (by index) into at most `lanes` lanes of about equal weight: the heaviest first,
 * each to the lightest lane so far; each lane keeps the jobs' own order. The split depends only
 * on the jobs, never on which finishes first.
 */
export function splitLanes(jobs: ProcessJob[], lanes: number): number[][] {
  const count = Math.max(1, Math.min(Math.floor(lanes) || 1, jobs.length));
  const split: number[][] = Array.from({ length: count }, () => []);
  const load = new Array<number>(count).fill(0);
  const byWeight = jobs.map((job, i) => ({ i, w: weight(job) }))
    .sort((a, b) => b.w - a.w || a.i - b.i);
  for (const { i, w } of byWeight) {
    const lightest = load.indexOf(Math.min(...load));
    split[lightest]!.push(i);
    load[lightest]! += w;
  }
  return split.filter((lane) => lane.length).map((lane) => lane.sort((a, b) => a - b));
}

/**
 * Runs notebooks in up to `lanes` notebook processes at once, each running its share one after
 * the other as runNotebookProcess does (a worker per notebook, a fresh process after one dies).
 * The notebooks are independent: each lane is a process of its own, and what one does cannot
 * reach another's. Returns each notebook's result in the jobs' order, whatever order the lanes
 * finish in. Aborting stops every lane.
 */
export async function runInLanes(
  jobs: ProcessJob[],
  options: LaneOptions,
): Promise<ProcessResult[]> {
  const { lanes = 1, run = runNotebookProcess, ...processOptions } = options;
  if (lanes <= 1 || jobs.length <= 1) return await run(jobs, processOptions);
  const split = splitLanes(jobs, lanes);
  const done = await Promise.all(
    split.map((lane) => run(lane.map((i) => jobs[i]!), processOptions)),
  );
  const results = new Array<ProcessResult>(jobs.length);
  for (const [l, lane] of split.entries()) {
    for (const [k, i] of lane.entries()) {
      const result = done[l]?.[k];
      if (!result) throw new Error(`netbook bug: lane ${l} has no result for job ${i}`);
      results[i] = result;
    }
  }
  return results;
}
