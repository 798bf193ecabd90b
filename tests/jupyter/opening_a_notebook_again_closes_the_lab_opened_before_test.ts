/**
 * Running an exported notebook's first cell again must not leave the first lab running: start()
 * closes the lab this kernel opened before, says so, and the old session refuses cells.
 */
import assert from "node:assert/strict";
import { $ } from "../../mod.ts";
import { start } from "../../lib/jupyter/start.ts";
import type { MimeBundle } from "../../lib/render/mime.ts";
import {
  describe,
  ended,
  labPidNamespaces,
  processes,
  processInfo,
} from "../lab/host_processes.ts";
import { copyNotebook, liveOnly } from "../support.ts";
import { mimeText } from "../mime_texts.ts";

Deno.test("opening a notebook again closes the lab opened before", await liveOnly(), async () => {
  await using copy = await copyNotebook("jupyter_session.md");
  const first = await start({ notebook: copy.path, mode: "live", display: () => {} });
  const sandbox = processInfo(first.labPid!)!;
  const pidns = labPidNamespaces(sandbox.pid);
  const firstLab = [sandbox, ...processes().filter((p) => pidns.has(p.pidns))];
  assert.ok(firstLab.length >= 3, `the first lab is not up:\n${describe(firstLab)}`);

  const shown: MimeBundle[] = [];
  const second = await start({
    notebook: copy.path,
    mode: "live",
    display: (b) => void shown.push(b),
  });
  try {
    // Closing a lab waits for its sandbox to exit: nothing of it may be left by now.
    const left = firstLab.filter((p) => !ended(p));
    assert.deepEqual(left, [], `the first lab still runs:\n${describe(left)}`);
    assert.ok(first.stopped);
    assert.ok(!ended(processInfo(second.labPid!)!), "the second lab is not running");
    assert.match(
      mimeText(shown[0] ?? {}),
      new RegExp(`closed the lab this kernel opened before \\(for ${copy.path}\\)`),
    );
    await assert.rejects(() => first.cell("make"), /stopped/);
    // The new lab is a fresh one, and the cells now run there.
    assert.ok(await second.cell("make"));
    await $`ip netns add client`;
    await second.end("make");
  } finally {
    await second.stop();
  }
});
