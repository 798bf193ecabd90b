import assert from "node:assert/strict";
import { type Capability, labThatHas, missingText } from "../../lib/capability/registry.ts";
import { labBackends } from "../../lib/lab/backends.ts";
import { labOffers } from "../../lib/plan/lab_offers.ts";
import { copyNotebook, printed, runCopy, statuses } from "../support.ts";

/** Pretends the lab has exactly these capabilities (the run then starts a real one). */
function labWith(...capabilities: Capability[]) {
  return () =>
    Promise.resolve({
      info: { kind: "netns", rootless: false },
      capabilities: new Set(capabilities),
    });
}

Deno.test("a cell whose requires= the lab lacks is skipped, saying what is missing", async () => {
  await using copy = await copyNotebook("guarded_cells.md");
  const result = await runCopy(copy, "live", { probe: labWith("netns") });
  assert.equal(result.ok, true, result.error?.message);
  assert.deepEqual(statuses(result), { tunnel: "skipped", marked: "skipped", after: "ok" });
  const tunnel = result.cells.find((c) => c.id === "tunnel")!;
  assert.ok(tunnel.note?.includes(missingText("ipip")), tunnel.note);
  // The micro-VM has ipip: the note says which lab runs the cell.
  assert.ok(tunnel.note?.endsWith("; the vm lab has it: run with --backend vm"), tunnel.note);
  assert.deepEqual(tunnel.outputs, []);
  assert.equal(result.cells.find((c) => c.id === "marked")!.note, "marked skip");
  assert.equal(printed(result, "marked"), "");
  assert.equal(printed(result, "after"), "after sees tunnel as undefined\n");
});

Deno.test("a cell whose requires= the lab has runs", async () => {
  await using copy = await copyNotebook("guarded_cells.md");
  const result = await runCopy(copy, "live", { probe: labWith("netns", "ipip") });
  assert.equal(result.ok, true, result.error?.message);
  assert.equal(statuses(result).tunnel, "ok");
  assert.equal(printed(result, "tunnel"), "tunnel ran\n");
  // Its declarations stay inside it, whether or not it ran.
  assert.equal(printed(result, "after"), "after sees tunnel as undefined\n");
});

Deno.test("a skipped cell names the lab that has what it needs, unless none has or it is that lab", () => {
  // The kinds besides the default (the micro-VM), as the vm backend says what it supplies.
  const elsewhere = labOffers(labBackends());
  assert.equal(labThatHas(["ipip"], "netns", elsewhere), "vm");
  assert.equal(labThatHas(["ipip", "ipvs"], undefined, elsewhere), "vm");
  // nginx and the CNI plugins are not in the micro-VM's image: no lab to suggest.
  assert.equal(labThatHas(["ipip", "nginx"], "netns", elsewhere), undefined);
  assert.equal(labThatHas(["ipip"], "vm", elsewhere), undefined);
  assert.equal(labThatHas([], "netns", elsewhere), undefined);
  // A run given no other kind of lab has none to suggest.
  assert.equal(labThatHas(["ipip"], "netns", []), undefined);
});
