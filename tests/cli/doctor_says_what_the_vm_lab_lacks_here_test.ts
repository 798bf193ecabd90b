/**
 * The micro-VM runs this machine's own tools: a capability it would bring (its kernel has ip_set)
 * but whose tool this machine lacks is listed under that lab, and its package joins the
 * `apt-get install` line. Two fake backends stand in for the netns lab and the VM.
 */
import assert from "node:assert/strict";
import { doctor } from "../../lib/cli/doctor.ts";
import type { LabBackend } from "../../lib/lab/backend.ts";
import { makeStyle } from "../../lib/render/style.ts";
import { fakeBackend } from "../lab/fake_backend.ts";

/** A second lab that would bring ipset, whose lab (the fake's) has only netns. */
const fakeVm: LabBackend = {
  ...fakeBackend,
  kind: "fake-vm",
  supplies: (c) => c === "netns" || c === "ipset",
};

Deno.test("doctor lists what the second lab would bring but lacks here, and its package", async () => {
  let out = "";
  await doctor({
    style: makeStyle(false),
    write: (t) => out += t,
    backends: [fakeBackend, fakeVm],
  });
  const vmPart = out.slice(out.indexOf("The fake-vm lab"), out.indexOf("What the notebooks"));
  assert.match(vmPart, /· ipset +not in this lab: it runs this machine's ipset, not installed/);
  assert.doesNotMatch(vmPart, /· netns/, "a capability the lab has was listed");
  const firstPart = out.slice(0, out.indexOf("The fake-vm lab"));
  assert.doesNotMatch(
    firstPart,
    /not in this lab/,
    "the first lab's lacks belong to the list below",
  );
  assert.match(out, /apt-get install -y .*\bipset\b/);
});
