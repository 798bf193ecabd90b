/**
 * What the lab can read of the host ends up in recordings, which travel: a hostile notebook that
 * reads what identifies a machine (host name, machine id, users, name servers, MAC addresses
 * through /sys and a sysfs of its own, the environment and working folder, the mounts) records
 * none of the host's values, in the netns lab and in the micro-VM.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import type { LabBackend } from "../../lib/lab/backend.ts";
import { netnsBackend } from "../../lib/lab/netns_backend.ts";
import { vmBackend } from "../../lib/lab/vm_backend.ts";
import { liveOnly } from "../support.ts";
import { hostValues, hostValuesIn, READS } from "./hostile_corpus.ts";

const live = await liveOnly();
const vm = (await vmBackend.support()).ok || Deno.env.get("CI") ? {} : { ignore: true };

/** A notebook that reads, one cell per read, and prints what the commands printed too. */
function readingNotebook(): string {
  const cells = READS.map((command, i) =>
    "```ts id=read-" + (i + 1) + "\nconsole.log((await $`" + command +
    "`.noThrow()).stdout);\n```\n"
  );
  return `# What the lab can read\n\n${cells.join("\n")}`;
}

async function recorded(backend: LabBackend): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "netbook-reads-" });
  try {
    const path = join(dir, "reads.md");
    await Deno.writeTextFile(path, readingNotebook());
    const fixture = join(dir, "reads.json");
    const result = await runNotebook(parseNotebook(await Deno.readTextFile(path), path), {
      mode: "record",
      fixture,
      backend,
    });
    assert.ok(result.ok, result.error?.message);
    return await Deno.readTextFile(fixture);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Checks a recording: it read something, and nothing it read is the host's. (What the recording
 * says of where it ran, its kind of lab and the versions of its tools, is said on purpose.)
 */
function checkRecording(text: string) {
  const fixture = JSON.parse(text) as {
    cells: Record<string, { stdout?: string; stderr?: string }[]>;
  };
  const calls = Object.values(fixture.cells).flat();
  assert.equal(calls.length, READS.length, "not every read was recorded");
  const read = calls.map((c) => `${c.stdout ?? ""}${c.stderr ?? ""}`).join("\n");
  assert.match(read, /^lab$/m, "the lab said no host name at all");
  assert.deepEqual(hostValuesIn(read), [], "the recording holds values of the host");
}

Deno.test("the host's values are not in a recording made in the netns lab", live, async () => {
  // Sanity: the host has values to look for.
  assert.ok(hostValues().macs.length > 0 || hostValues().machineId, "a host with nothing to hide");
  checkRecording(await recorded(netnsBackend));
});

Deno.test({
  name: "the host's values are not in a recording made in the micro-VM",
  ...vm,
  fn: async () => checkRecording(await recorded(vmBackend)),
});
