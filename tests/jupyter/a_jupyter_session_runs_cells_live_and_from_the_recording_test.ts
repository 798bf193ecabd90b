import assert from "node:assert/strict";

function includes(text: string, part: string): void {
  assert.ok(text.includes(part), `expected ${JSON.stringify(part)} in:\n${text}`);
}

async function rejects(
  fn: () => Promise<unknown>,
  type: new (...args: never[]) => Error,
  part: string,
): Promise<void> {
  await assert.rejects(fn, (e) => e instanceof type && (e as Error).message.includes(part));
}
import { $ } from "../../mod.ts";
import { type NotebookSession, start } from "../../lib/jupyter/start.ts";
import { FixtureStaleError } from "../../lib/fixture/errors.ts";
import type { MimeBundle } from "../../lib/render/mime.ts";

import { copyNotebook, liveOnly } from "../support.ts";
import { labBackends } from "../../lib/lab/backends.ts";

// Live cells need the lab; CI must be able to run it, elsewhere these tests say they were ignored.
const live = await liveOnly();

/** Runs the cells of tests/data/jupyter_session.md the way an exported .ipynb frames them. */
async function runCells(nb: NotebookSession, shown: MimeBundle[]): Promise<string[]> {
  const texts = () => shown.map((b) => b["text/plain"] ?? "");
  await nb.cell("make");
  await $`ip netns add client`;
  const { show } = await import("../../mod.ts");
  show({ made: "client" });
  await nb.end("make");
  await nb.cell("missing");
  await $`ip -n client link show no-such-device`;
  await nb.end("missing");
  // A guarded cell runs only where the lab has what it requires; a skip cell never runs.
  if (await nb.cell("tunnel")) await $`ip link add t0 type ipip remote 192.0.2.1`;
  await nb.end("tunnel");
  assert.deepEqual(await nb.cell("marked"), false);
  await nb.end("marked");
  await nb.stop();
  return texts();
}

Deno.test(
  "a Jupyter session runs cells live, then replays them with the same outputs",
  live,
  async () => {
    await using copy = await copyNotebook("jupyter_session.md");
    // Record the notebook first (as `deno task record` would), then run it in a kernel's way.
    const { runNotebook } = await import("../../lib/execute/run_notebook.ts");
    const recorded = await runNotebook(copy.parse(), {
      mode: "record",
      backends: labBackends(),
      fixture: copy.fixture,
    });
    assert(recorded.ok, recorded.error?.message);

    const live: MimeBundle[] = [];
    const liveNb = await start({
      notebook: copy.path,
      mode: "live",
      display: (b) => void live.push(b),
    });
    assert.deepEqual(liveNb.mode, "live");
    const liveTexts = await runCells(liveNb, live);

    const replayed: MimeBundle[] = [];
    const replayNb = await start({
      notebook: copy.path,
      mode: "replay",
      display: (b) => void replayed.push(b),
    });
    assert.deepEqual(replayNb.mode, "replay");
    const replayTexts = await runCells(replayNb, replayed);

    includes(liveTexts[0] ?? "", "mode: live");
    includes(replayTexts[0] ?? "", "mode: replay");
    assert.deepEqual(replayTexts.slice(1), liveTexts.slice(1));
    const shownText = replayTexts.join("\n");
    includes(shownText, "$ ip netns add client");
    includes(shownText, "as expected]");
    includes(shownText, "made");
    includes(shownText, "(cell tunnel skipped: this lab lacks");
    includes(shownText, "(cell marked skipped: marked skip)");
    assert(!shownText.includes("never"), "a skip cell must not run");
    // Transcripts carry HTML as well as text.
    assert(replayed.some((b) => b["text/html"]?.includes('class="nb-transcript"')));
  },
);

Deno.test(
  "an expect-error cell in which nothing fails is refused at its own end",
  live,
  async () => {
    await using copy = await copyNotebook("expect_error_without_failure.md");
    const nb = await start({ notebook: copy.path, mode: "live", display: () => {} });
    try {
      await nb.cell("calm");
      await $`true`;
      await rejects(() => nb.end("calm"), Error, "expect-error");
      await nb.cell("after");
      await nb.end("after");
    } finally {
      await nb.stop();
    }
  },
);

Deno.test("a Jupyter session refuses a cell its notebook does not have", live, async () => {
  await using copy = await copyNotebook("jupyter_session.md");
  const nb = await start({ notebook: copy.path, mode: "live", display: () => {} });
  try {
    await rejects(() => nb.cell("nope"), RangeError, 'has no cell "nope"');
  } finally {
    await nb.stop();
  }
  await rejects(() => nb.cell("make"), Error, "stopped");
});

Deno.test("a replayed Jupyter cell that runs another command is stale", live, async () => {
  await using copy = await copyNotebook("jupyter_session.md");
  const { runNotebook } = await import("../../lib/execute/run_notebook.ts");
  assert(
    (await runNotebook(copy.parse(), {
      mode: "record",
      backends: labBackends(),
      fixture: copy.fixture,
    })).ok,
  );
  const nb = await start({ notebook: copy.path, mode: "replay", display: () => {} });
  try {
    await nb.cell("make");
    await rejects(async () => await $`ip netns add server`, FixtureStaleError, "recorded");
  } finally {
    await nb.stop();
  }
});

Deno.test("outside a kernel, start() without a display says where it runs", async () => {
  await rejects(
    () => start({ notebook: "notebooks/01-netns-veth.md" }),
    Error,
    "Deno kernel",
  );
});
