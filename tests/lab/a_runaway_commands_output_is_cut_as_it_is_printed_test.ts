/**
 * A command's output is capped where it is made: the lab's agent reads the command's pipes as it
 * prints and keeps at most OUTPUT_LIMIT bytes of each stream, counting the rest as dropped. Nothing
 * holds the whole output first (no file, no buffer), so a command printing far more than the lab
 * has memory for ends as it would in a shell, its output cut and marked as cut, and the lab goes
 * on answering.
 */
import assert from "node:assert/strict";
import { OUTPUT_LIMIT } from "../../lib/lab/agent_client.ts";
import { netnsBackend } from "../../lib/lab/netns_backend.ts";
import { callRecord } from "../../lib/runner/live_runner.ts";
import { liveOnly } from "../support.ts";

const live = await liveOnly();
const MiB = 1024 * 1024;

Deno.test(
  "64 MiB of output comes back cut at the cap, marked as cut; the lab still answers",
  live,
  async () => {
    const lab = await netnsBackend.start();
    try {
      const r = await lab.exec(`yes | head -c ${64 * MiB}`, { timeout: 60_000 });
      assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
      assert.equal(r.stdout.length, OUTPUT_LIMIT);
      assert.equal(new TextDecoder().decode(r.stdout.subarray(0, 6)), "y\ny\ny\n");
      assert.equal(r.dropped, 64 * MiB - OUTPUT_LIMIT);
      assert.equal(r.limit, undefined, "no limit of the lab was reached");
      // What the cell and the recording see says that the output was cut.
      assert.match(
        callRecord("yes", r).stderr,
        new RegExp(`printed ${64 * MiB - OUTPUT_LIMIT} bytes more than a command may keep`),
      );
      const after = await lab.exec("echo still here");
      assert.equal(new TextDecoder().decode(after.stdout), "still here\n");
    } finally {
      await lab.close();
    }
  },
);

Deno.test(
  "a command printing more than the lab's memory on both streams ends normally",
  live,
  async () => {
    const lab = await netnsBackend.start();
    try {
      // 320 MiB on each stream: more than the lab's 512 MiB of memory, were it kept anywhere.
      const r = await lab.exec(
        `head -c ${320 * MiB} /dev/zero & head -c ${320 * MiB} /dev/zero >&2; wait`,
        { timeout: 120_000 },
      );
      assert.equal(r.code, 0);
      assert.equal(r.limit, undefined, "no limit of the lab was reached");
      assert.equal(r.stdout.length, OUTPUT_LIMIT);
      assert.equal(r.stderr.length, OUTPUT_LIMIT);
      assert.equal(r.dropped, 2 * (320 * MiB - OUTPUT_LIMIT));
      const after = await lab.exec("echo still here");
      assert.equal(new TextDecoder().decode(after.stdout), "still here\n");
    } finally {
      await lab.close();
    }
  },
);
