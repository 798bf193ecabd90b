/**
 * Replaying several notebooks shares one notebook process, each notebook in a worker of its own
 * that ends before the next notebook's goes on: a notebook that fails, or leaves timers behind,
 * cannot touch the ones after it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { runNotebook, runNotebooks } from "../../lib/execute/run_notebook.ts";
import type { RunEvent } from "../../lib/runner/protocol.ts";
import { dataPath, liveOnly } from "../support.ts";
import { labBackends } from "../../lib/lab/backends.ts";

const live = await liveOnly();

/** Copies tests/data/many/ to a temp folder and records each notebook there. */
async function recorded(): Promise<{ dir: string; paths: string[] }> {
  const dir = await Deno.makeTempDir({ prefix: "netbook-many-" });
  const paths: string[] = [];
  for (const i of [1, 2, 3, 4]) {
    const path = join(dir, `nb${i}.md`);
    await Deno.copyFile(dataPath(`many/nb${i}.md`), path);
    const run = await runNotebook(parseNotebook(await Deno.readTextFile(path), path), {
      mode: "record",
      backends: labBackends(),
    });
    assert.ok(run.ok, run.error?.message);
    paths.push(path);
  }
  return { dir, paths };
}

/** "notebook N in process P" lines, as [N, P]. */
function said(text: string): [string, string] {
  const m = /^notebook (\d) in process (\d+)\n$/.exec(text);
  const [, n, pid] = m ?? [];
  assert.ok(n && pid, text);
  return [n, pid];
}

function printed(run: Awaited<ReturnType<typeof runNotebook>>): string {
  const [cell] = run.cells;
  assert.ok(cell, "the notebook has a cell");
  return cell.outputs.flatMap((o) => o.type === "stream" ? [o.text] : []).join("");
}

Deno.test("several notebooks replay in one notebook process, in order", live, async () => {
  const { dir, paths } = await recorded();
  try {
    const notebooks = await Promise.all(
      paths.map(async (p) => parseNotebook(await Deno.readTextFile(p), p)),
    );
    const seen: [string, RunEvent["t"]][] = [];
    const runs = await runNotebooks(notebooks, {
      mode: "replay",
      each: (nb) => ({ onEvent: (e) => seen.push([nb.path, e.t]) }),
    });
    assert.deepEqual(runs.map((r) => r.ok), [true, true, true, true]);
    const lines = runs.map((r) => said(printed(r)));
    assert.deepEqual(lines.map(([n]) => n), ["1", "2", "3", "4"]);
    assert.equal(new Set(lines.map(([, pid]) => pid)).size, 1, "not one process");
    // Each notebook's watcher saw its own events, and only its own.
    for (const path of paths) {
      assert.deepEqual(
        seen.filter(([p]) => p === path).map(([, t]) => t),
        ["ready", "cell-start", "command-start", "command", "stream", "cell-end", "done"],
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test(
  "after a notebook that fails, the rest replay, each in a worker of its own",
  live,
  async () => {
    const { dir, paths } = await recorded();
    try {
      // Notebook 2 now throws after its command: the recording still matches its calls.
      const two = paths[1];
      assert.ok(two);
      await Deno.writeTextFile(
        two,
        (await Deno.readTextFile(two)).replace(
          "console.log(",
          'throw new Error("two broke");\nconsole.log(',
        ),
      );
      const notebooks = await Promise.all(
        paths.map(async (p) => parseNotebook(await Deno.readTextFile(p), p)),
      );
      const runs = await runNotebooks(notebooks, { mode: "replay" });
      assert.deepEqual(runs.map((r) => r.ok), [true, false, true, true]);
      assert.match(runs[1]?.error?.message ?? "", /nb2\.md:\d+ \(cell hello\): Error: two broke/);
      const pids = runs.filter((r) => r.ok).map((r) => said(printed(r))[1]);
      assert.equal(new Set(pids).size, 1, "a failure ended the notebook process");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);
