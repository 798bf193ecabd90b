/**
 * A lab that dies while a notebook runs (its sandbox killed, a VM gone) fails the cell whose
 * command it could not run with kind "lab", as CellErrorKind documents, and a LabError as its
 * cause: not "error", which is for what the notebook's own code did.
 */
import assert from "node:assert/strict";
import { type RunEvent, runNotebook } from "../../runtime.ts";
import { LabError } from "../../runtime.ts";
import { type LabBackend, labBackends } from "../../backend.ts";
import { fakeBackend } from "../lab/fake_backend.ts";
import { liveOnly } from "../support.ts";
import { embedded } from "./embedder.ts";

const CELLS: [string, string][] = [
  ["ts id=before", "await $`echo the lab is up`;"],
  ["ts id=dies", "await $`sleep 30`;"],
  ["ts id=after", "await $`true`;"],
];

Deno.test(
  "a live lab killed while a cell's command runs fails that cell with kind lab",
  await liveOnly(),
  async () => {
    await using nb = await embedded(CELLS);
    let pid = 0;
    const onEvent = (e: RunEvent) => {
      if (e.t === "ready") pid = e.labPid ?? 0;
      // The command is about to run (or runs): its lab goes.
      if (e.t === "command-start" && e.cell === "dies") Deno.kill(pid, "SIGKILL");
    };
    const result = await runNotebook(nb.notebook, {
      mode: "live",
      fixture: nb.fixture,
      backends: labBackends(),
      onEvent,
    });
    assert.equal(result.ok, false);
    assert.deepEqual(result.cells.map((c) => c.status), ["ok", "failed", "not-run"]);
    assert.equal(result.error?.kind, "lab", result.error?.message);
    assert.equal(result.error?.cell, "dies");
    assert.ok(result.error?.cause instanceof LabError, Deno.inspect(result.error?.cause));
    assert.match(result.error!.message, /the lab (?:has )?ended/);
  },
);

Deno.test("a lab of any backend that stops answering fails the cell with kind lab", async () => {
  let dead = false;
  const dying: LabBackend = {
    ...fakeBackend,
    async start(options) {
      const lab = await fakeBackend.start(options);
      return {
        info: lab.info,
        pid: lab.pid,
        probe: (wanted) => lab.probe(wanted),
        close: () => lab.close(),
        exec(command, o) {
          if (command.startsWith("sleep")) dead = true;
          if (dead) return Promise.reject(new Error("the fake lab's holder exited"));
          return lab.exec(command, o);
        },
      };
    },
  };
  await using nb = await embedded(CELLS);
  const result = await runNotebook(nb.notebook, {
    mode: "live",
    fixture: nb.fixture,
    backend: dying,
  });
  assert.deepEqual(result.cells.map((c) => c.status), ["ok", "failed", "not-run"]);
  assert.equal(result.error?.kind, "lab", result.error?.message);
  assert.ok(result.error?.cause instanceof LabError, Deno.inspect(result.error?.cause));
  assert.match(result.error!.message, /the fake lab's holder exited/);
});
