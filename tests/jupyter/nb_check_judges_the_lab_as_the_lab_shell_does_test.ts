/**
 * In Jupyter, an exercise is a cell the learner edits followed by `await nb.check(NAME)`: the
 * same verdict as the lab shell's `check`, from the lab as the learner left it (live), and a
 * plain note in replay, where there is no lab to judge.
 */
import assert from "node:assert/strict";
import { $, lab } from "../../mod.ts";
import { start } from "../../lib/jupyter/start.ts";
import type { MimeBundle } from "../../lib/render/mime.ts";
import { copyNotebook, liveOnly } from "../support.ts";
import { mimeText } from "../mime_texts.ts";

const live = await liveOnly();

Deno.test(
  "nb.check says what holds and what is missing, then that it is solved",
  live,
  async () => {
    await using copy = await copyNotebook("exercises.md");
    const shown: MimeBundle[] = [];
    const nb = await start({
      notebook: copy.path,
      mode: "live",
      display: (b) => void shown.push(b),
    });
    try {
      await nb.cell("check-blue-address");
      nb.defineCheck("blue-address", async (claim) => {
        const lo = (await lab.addresses("blue")).get("lo");
        claim(
          lo?.addresses.some((a) => a.local === "10.9.9.9"),
          "blue's lo holds 10.9.9.9",
          "blue's lo does not hold 10.9.9.9",
        );
      });
      await nb.end("check-blue-address");
      // The learner's cell: a namespace, but not the address yet.
      await $`ip netns add blue`;
      const before = await nb.check("blue-address");
      assert.equal(before?.solved, false);
      assert.match(
        mimeText(shown.at(-1)!),
        /^✗ blue-address: not solved yet\n {2}✗ blue's lo does not hold 10\.9\.9\.9$/,
      );
      assert.match(mimeText(shown.at(-1)!, "text/html"), /nb-finding-missing/);
      await $`ip -n blue addr add 10.9.9.9/32 dev lo`;
      const after = await nb.check("blue-address");
      assert.equal(after?.solved, true);
      assert.match(
        mimeText(shown.at(-1)!),
        /^✓ blue-address: solved\n {2}✓ blue's lo holds 10\.9\.9\.9$/,
      );
    } finally {
      await nb.stop();
    }
  },
);

Deno.test("nb.check in replay says there is no lab to judge", async () => {
  const shown: MimeBundle[] = [];
  const nb = await start({
    notebook: "tests/data/exercises.md",
    mode: "replay",
    display: (b) => void shown.push(b),
  });
  try {
    assert.equal(await nb.check("blue-address"), undefined);
    assert.match(
      mimeText(shown.at(-1)!),
      /this notebook replays its recording .* no lab to judge/,
    );
  } finally {
    await nb.stop();
  }
});
