/**
 * The lab shell stands inside the same boundary as the cells' commands: each attempt of the
 * hostile corpus, typed into the shell, is contained as it is from a cell, the host is
 * byte-identical afterwards, and the lab leaves no process behind.
 */
import assert from "node:assert/strict";
import { netnsBackend } from "../../lib/lab/netns_backend.ts";
import { openLabShell, shellRc } from "../../lib/lab/lab_shell.ts";
import { liveOnly } from "../support.ts";
import { ATTEMPTS } from "./hostile_corpus.ts";
import { hostSnapshot, snapshotDiff } from "./host_snapshot.ts";
import { ended, labPidNamespaces, processes } from "./host_processes.ts";

const live = await liveOnly();

/** One attempt as shell lines: run in a subshell, as a cell's command is; results marked. */
function lines(command: string, i: number): string {
  return `( ${command} ) >/root/.o 2>/root/.e; c=$?; ` +
    `printf '@@%s %s %s %s\\n' ${i} "$c" "$(base64 -w0 </root/.o)" "$(base64 -w0 </root/.e)"\n`;
}

const decode = (b64: string) =>
  new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));

Deno.test("the hostile corpus, typed into the lab shell, changes only the lab", live, async () => {
  const before = await hostSnapshot();
  const lab = await netnsBackend.start();
  const pidns = labPidNamespaces(lab.pid);
  let out = "";
  try {
    const shell = openLabShell(lab, {
      tty: false,
      rc: shellRc({ prompt: "[hostile]", color: false }),
      onOutput: (bytes, stream) => {
        if (stream === "stdout") out += new TextDecoder().decode(bytes);
      },
      onRequest: () => Promise.resolve({ code: 2, text: "" }),
    });
    // Job control, as cells have it: each attempt a process group of its own, so that one that
    // kills its group (the fork bomb) ends itself, not the shell.
    const script = "set -m\n" + ATTEMPTS.map((a, i) => lines(a.command, i)).join("");
    shell.write(new TextEncoder().encode(script));
    shell.end();
    await shell.done;
  } finally {
    await lab.close();
  }
  const results = new Map(
    [...out.matchAll(/^@@(\d+) (\d+) (\S*) (\S*)$/gm)].map((
      [, i, code, stdout = "", stderr = ""],
    ) => [
      Number(i),
      { code: Number(code), stdout: decode(stdout), stderr: decode(stderr) },
    ]),
  );
  ATTEMPTS.forEach((a, i) => {
    const r = results.get(i);
    assert.ok(r, `${a.name}: the shell gave no result\n${out}`);
    assert.ok(
      a.contained(r),
      `${a.name}: not contained:\n$ ${a.command}\n${r.stdout}${r.stderr}[${r.code}]`,
    );
  });
  assert.equal(snapshotDiff(before, await hostSnapshot()), "", "the host changed");
  const left = processes().filter((p) => pidns.has(p.pidns) && !ended(p));
  assert.deepEqual(left, [], "the lab left processes");
});
