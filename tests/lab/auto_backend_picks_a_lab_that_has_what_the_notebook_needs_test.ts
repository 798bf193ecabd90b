/**
 * With the backend left to "auto", a run gets the default lab (netns) when it has what the
 * notebook requires; the micro-VM when the default lab lacks something the VM brings, or
 * cannot start at all; and the default lab, with a note saying why, when the VM cannot help.
 * Fake backends stand in for both, so each case is exact and quick.
 */
import assert from "node:assert/strict";
import type { Capability } from "../../lib/capability/registry.ts";
import type { BackendInfo, ExecResult, Lab, LabBackend } from "../../lib/lab/backend.ts";
import { CapabilityMissingError } from "../../lib/lab/errors.ts";
import { pickLab } from "../../lib/execute/choose_backend.ts";
import { openRunner } from "../../lib/execute/open_runner.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";

interface Fake {
  backend: LabBackend;
  /** Labs started, and whether each was closed. */
  labs: { closed: boolean }[];
}

/** A backend whose labs have `has`, or that cannot start (`refuses`) or run here (`unsupported`). */
function fake(
  kind: string,
  o: { has: Capability[]; refuses?: string; unsupported?: string },
): Fake {
  const labs: { closed: boolean }[] = [];
  const backend: LabBackend = {
    kind,
    description: `a fake ${kind} lab`,
    needs: [],
    support: () =>
      Promise.resolve(
        o.unsupported ? { ok: false, reason: o.unsupported } : { ok: true, info: { kind } },
      ),
    supplies: (c) => o.has.includes(c),
    start(): Promise<Lab> {
      if (o.refuses) return Promise.reject(new CapabilityMissingError(o.refuses));
      const state = { closed: false };
      labs.push(state);
      const info: BackendInfo = kind === "vm"
        ? { kind, kernel: "6.1.0-test-amd64", accel: "tcg" }
        : { kind };
      return Promise.resolve({
        info,
        pid: Deno.pid,
        exec: (): Promise<ExecResult> => Promise.reject(new Error("not in this test")),
        probe: (wanted: Iterable<Capability>) =>
          Promise.resolve(new Set([...wanted].filter((c) => o.has.includes(c)))),
        close: () => {
          state.closed = true;
          return Promise.resolve();
        },
      });
    },
  };
  return { backend, labs };
}

/** The kinds of lab a run is given: `first` (the default) and `second`. */
function backends(first: Fake, second: Fake): LabBackend[] {
  return [first.backend, second.backend];
}

const needs = { all: ["netns", "ipvs", "dummy"], notebook: ["netns", "ipvs", "dummy"] } as {
  all: Capability[];
  notebook: Capability[];
};

Deno.test("the default lab when it has everything the notebook requires", async () => {
  const netns = fake("netns", { has: ["netns", "ipvs", "dummy"] });
  const vm = fake("vm", { has: ["netns", "ipvs", "dummy"] });
  const picked = await pickLab({ backends: backends(netns, vm), needs });
  assert.equal(picked.backend, netns.backend);
  assert.equal(picked.via, undefined);
  assert.equal(vm.labs.length, 0, "the VM was started although nothing needed it");
});

Deno.test("the VM when the default lab lacks what the VM brings, saying so", async () => {
  const netns = fake("netns", { has: ["netns"] });
  const vm = fake("vm", { has: ["netns", "ipvs", "dummy"] });
  const picked = await pickLab({ backends: backends(netns, vm), needs });
  assert.equal(picked.backend, vm.backend);
  assert.equal(picked.via, "the netns lab here lacks ipvs and dummy, which the vm lab has");
  assert.deepEqual(netns.labs, [{ closed: true }], "the netns lab was left open");
  assert.deepEqual(vm.labs, [{ closed: false }], "the chosen lab must stay open for the run");
});

Deno.test("the VM when the default lab cannot start at all", async () => {
  const netns = fake("netns", { has: [], refuses: "unprivileged user namespaces are refused" });
  const vm = fake("vm", { has: ["netns", "ipvs", "dummy"] });
  const picked = await pickLab({ backends: backends(netns, vm), needs });
  assert.equal(picked.backend, vm.backend);
  assert.match(picked.via ?? "", /the netns lab cannot start here \(unprivileged user namespaces/);
});

Deno.test("the default lab, and why the VM could not help, when it cannot", async () => {
  const netns = fake("netns", { has: ["netns"] });
  const vm = fake("vm", { has: ["netns", "ipvs", "dummy"], unsupported: "qemu is missing" });
  const picked = await pickLab({ backends: backends(netns, vm), needs });
  assert.equal(picked.backend, netns.backend);
  assert.equal(picked.note, "the vm lab cannot run here either: qemu is missing");
  assert.deepEqual(netns.labs, [{ closed: false }]);
});

Deno.test("not the VM for what it does not bring either", async () => {
  const netns = fake("netns", { has: ["netns", "ipvs"] });
  const vm = fake("vm", { has: ["netns", "ipvs"] });
  const picked = await pickLab({ backends: backends(netns, vm), needs });
  assert.equal(picked.backend, netns.backend);
  assert.equal(vm.labs.length, 0);
});

Deno.test("the mode line says why the run uses the VM", async () => {
  const netns = fake("netns", { has: ["netns"] });
  const vm = fake("vm", { has: ["netns", "ipvs", "dummy"] });
  const notebook = parseNotebook(
    "---\ntitle: t\nrequires: [netns, ipvs, dummy]\n---\n\n```ts id=a\nawait $`true`;\n```\n",
    "/nowhere/ipvs.md",
  );
  const opened = await openRunner(notebook, { mode: "live", backends: backends(netns, vm) });
  try {
    assert.equal(opened.mode, "live");
    assert.equal(opened.live?.lab.info.kind, "vm");
    assert.equal(
      opened.reason,
      "the netns lab here lacks ipvs and dummy, which the vm lab has: " +
        "in a micro-VM (Linux 6.1.0-test-amd64, emulated by qemu); nothing on this machine changes",
    );
  } finally {
    await opened.live?.close();
  }
});
