/**
 * Planning a run is one pure step, asked again until it decides: the default lab (netns) is
 * probed first; another kind (the micro-VM) only when the default lacks what that kind brings or
 * cannot start, and only after it says it can run here; with no lab, the recording replays, and
 * without one the run fails saying what to do. Each decision carries its reason as data.
 */
import assert from "node:assert/strict";
import type { Capability } from "../../lib/capability/registry.ts";
import { type Needs, planRun } from "../../lib/plan/plan_run.ts";
import { kind, settle } from "./planning.ts";

const NEEDS: Needs = {
  notebook: ["netns", "ipvs", "dummy"],
  all: ["netns", "ipvs", "dummy", "bird"],
};
const ALL: Capability[] = ["netns", "ipvs", "dummy", "bird"];
const NO_USERNS = "unprivileged user namespaces are refused";

/** The two kinds of a run: netns (the default) and the VM, as each case makes them. */
const netnsWith = (has: Capability[], refuses?: string) =>
  kind("netns", { has, ...(refuses ? { refuses } : {}) });
const vmWith = (has: Capability[], o: { unsupported?: string; refuses?: string } = {}) =>
  kind("vm", {
    has,
    supplies: ["netns", "ipvs", "dummy", "bird"],
    info: { kind: "vm", kernel: "6.1.0-test-amd64", accel: "tcg" },
    ...o,
  });

interface Case {
  name: string;
  netns: ReturnType<typeof netnsWith>;
  vm: ReturnType<typeof vmWith>;
  requested?: "auto" | "live" | "record" | "replay";
  explicit?: "netns" | "vm";
  fixtureExists?: boolean;
  /** What planning asks for, in order. */
  steps: string[];
  /** The decision: mode and lab kind, and the reason's data; or the failure. */
  want:
    | { mode: string; backend?: string; reason: unknown }
    | { error: "capability" | "fixture"; failure: unknown };
}

const record = "deno task record notebooks/05-ipip.md";
const notebook = "notebooks/05-ipip.md";

const CASES: Case[] = [
  {
    name: "the default lab, when it has everything: the VM is not even asked",
    netns: netnsWith(ALL),
    vm: vmWith(ALL),
    steps: ["probe netns"],
    want: {
      mode: "live",
      backend: "netns",
      reason: { key: "planLive", lab: { kind: "netns", rootless: false } },
    },
  },
  {
    name: "the VM, when the default lacks what the VM brings",
    netns: netnsWith(["netns"]),
    vm: vmWith(ALL),
    steps: ["probe netns", "support vm", "probe vm"],
    want: {
      mode: "live",
      backend: "vm",
      reason: {
        key: "planLive",
        lab: { kind: "vm", kernel: "6.1.0-test-amd64", accel: "tcg" },
        via: { key: "planViaLacks", kind: "netns", missing: ["ipvs", "dummy"], other: "vm" },
      },
    },
  },
  {
    name: "the VM, when the default cannot start at all",
    netns: netnsWith([], NO_USERNS),
    vm: vmWith(ALL),
    steps: ["probe netns", "support vm", "probe vm"],
    want: {
      mode: "live",
      backend: "vm",
      reason: {
        key: "planLive",
        lab: { kind: "vm", kernel: "6.1.0-test-amd64", accel: "tcg" },
        via: { key: "planViaCannotStart", kind: "netns", text: NO_USERNS },
      },
    },
  },
  {
    name: "record in the VM keeps the mode asked for",
    netns: netnsWith(["netns"]),
    vm: vmWith(ALL),
    requested: "record",
    steps: ["probe netns", "support vm", "probe vm"],
    want: {
      mode: "record",
      backend: "vm",
      reason: {
        key: "planLive",
        lab: { kind: "vm", kernel: "6.1.0-test-amd64", accel: "tcg" },
        via: { key: "planViaLacks", kind: "netns", missing: ["ipvs", "dummy"], other: "vm" },
      },
    },
  },
  {
    name: "not the VM for what it does not bring: no lab of it starts, and no note",
    netns: netnsWith(["netns", "ipvs"]),
    vm: kind("vm", { has: ALL, supplies: ["netns", "ipvs"] }),
    fixtureExists: true,
    steps: ["probe netns"],
    want: {
      mode: "replay",
      reason: {
        key: "planReplayFallback",
        why: { key: "planMachineLacks", missing: ["dummy"] },
        notes: [],
      },
    },
  },
  {
    name: "a VM that cannot run here is not started, and the replay says why",
    netns: netnsWith(["netns"]),
    vm: vmWith(ALL, { unsupported: "qemu is missing" }),
    fixtureExists: true,
    steps: ["probe netns", "support vm"],
    want: {
      mode: "replay",
      reason: {
        key: "planReplayFallback",
        why: { key: "planMachineLacks", missing: ["ipvs", "dummy"] },
        notes: [{ key: "planOtherCannotRun", kind: "vm", text: "qemu is missing" }],
      },
    },
  },
  {
    name: "a VM that does not start, with the default that cannot either, replays",
    netns: netnsWith([], NO_USERNS),
    vm: vmWith(ALL, { refuses: "the image did not build" }),
    fixtureExists: true,
    steps: ["probe netns", "support vm", "probe vm"],
    want: {
      mode: "replay",
      reason: {
        key: "planReplayFallback",
        why: { key: "planLabSaid", text: NO_USERNS },
        notes: [{ key: "planOtherDidNotStart", kind: "vm", text: "the image did not build" }],
      },
    },
  },
  {
    name: "a VM lacking something too, without a recording, is a capability error",
    netns: netnsWith(["netns"]),
    vm: vmWith(["netns", "ipvs"]),
    steps: ["probe netns", "support vm", "probe vm"],
    want: {
      error: "capability",
      failure: {
        key: "planCannotRunNoRecording",
        notebook,
        why: { key: "planMachineLacks", missing: ["ipvs", "dummy"] },
        notes: [{ key: "planOtherLacksToo", kind: "vm", missing: ["dummy"] }],
        record,
      },
    },
  },
  {
    name: "live asked for, when no lab can run it, is a capability error even with a recording",
    netns: netnsWith(["netns"]),
    vm: vmWith(ALL, { unsupported: "qemu is missing" }),
    requested: "live",
    fixtureExists: true,
    steps: ["probe netns", "support vm"],
    want: {
      error: "capability",
      failure: {
        key: "planCannotRunLive",
        notebook,
        why: { key: "planMachineLacks", missing: ["ipvs", "dummy"] },
        notes: [{ key: "planOtherCannotRun", kind: "vm", text: "qemu is missing" }],
      },
    },
  },
  {
    name: "a lab asked for by name is the only one tried",
    netns: netnsWith(["netns"]),
    vm: vmWith(ALL),
    explicit: "netns",
    fixtureExists: true,
    steps: ["probe netns"],
    want: {
      mode: "replay",
      reason: {
        key: "planReplayFallback",
        why: { key: "planMachineLacks", missing: ["ipvs", "dummy"] },
        notes: [],
      },
    },
  },
  {
    name: "the VM asked for by name is probed first and alone",
    netns: netnsWith(ALL),
    vm: vmWith(ALL),
    explicit: "vm",
    steps: ["probe vm"],
    want: {
      mode: "live",
      backend: "vm",
      reason: { key: "planLive", lab: { kind: "vm", kernel: "6.1.0-test-amd64", accel: "tcg" } },
    },
  },
  {
    name: "replay asked for starts no lab",
    netns: netnsWith(ALL),
    vm: vmWith(ALL),
    requested: "replay",
    fixtureExists: true,
    steps: [],
    want: { mode: "replay", reason: { key: "planReplayAsked" } },
  },
  {
    name: "replay asked for without a recording is a fixture error",
    netns: netnsWith(ALL),
    vm: vmWith(ALL),
    requested: "replay",
    steps: [],
    want: { error: "fixture", failure: { key: "planNoRecording", notebook, record } },
  },
];

for (const c of CASES) {
  Deno.test(c.name, () => {
    const backends = [c.netns, c.vm];
    const explicit = c.explicit === "netns" ? c.netns : c.explicit === "vm" ? c.vm : undefined;
    const { steps, plan } = settle({
      needs: NEEDS,
      requested: c.requested ?? "auto",
      backends,
      ...(explicit ? { explicit } : {}),
      fixtureExists: c.fixtureExists ?? false,
    });
    assert.deepEqual(steps, c.steps);
    if ("error" in c.want) {
      assert.equal(plan.step, "fail", JSON.stringify(plan));
      if (plan.step !== "fail") return;
      assert.equal(plan.error, c.want.error);
      assert.deepEqual(plan.failure, c.want.failure);
    } else {
      assert.equal(plan.step, "run", JSON.stringify(plan));
      if (plan.step !== "run") return;
      assert.equal(plan.mode, c.want.mode);
      assert.equal(plan.backend?.kind, c.want.backend);
      assert.deepEqual(plan.reason, c.want.reason);
    }
  });
}

Deno.test("a lab is probed for what cells need too; the decision reads the notebook's needs", () => {
  const netns = kind("netns", { has: ["netns", "ipvs", "dummy"] });
  const first = planRun({
    notebook,
    cells: 1,
    needs: NEEDS,
    requested: "auto",
    backends: [netns],
    fixtureExists: false,
    supports: new Map(),
    probes: new Map(),
  });
  assert.deepEqual(first, { step: "probe", backend: netns, wanted: NEEDS.all });
  // bird is only a cell's need: the lab lacks it, and runs the notebook (that cell is skipped).
  const { plan } = settle({
    needs: NEEDS,
    requested: "auto",
    backends: [netns],
    fixtureExists: false,
  });
  assert.equal(plan.step === "run" && plan.mode, "live");
});

Deno.test("a run given no kind of lab replays, or fails saying it has none", () => {
  const replay = settle({ needs: NEEDS, requested: "auto", backends: [], fixtureExists: true });
  assert.deepEqual(replay.steps, []);
  assert.deepEqual(replay.plan, {
    step: "run",
    mode: "replay",
    reason: { key: "planReplayFallback", why: { key: "planNoBackend" }, notes: [] },
  });
  const none = settle({ needs: NEEDS, requested: "live", backends: [], fixtureExists: true });
  assert.equal(none.plan.step, "fail");
});

Deno.test("a notebook of narrative only runs nothing and needs no recording", () => {
  const netns = kind("netns", { has: ALL });
  for (const requested of ["auto", "live", "record", "replay"] as const) {
    const { steps, plan } = settle({
      cells: 0,
      needs: NEEDS,
      requested,
      backends: [netns],
      fixtureExists: false,
    });
    assert.deepEqual(steps, []);
    assert.deepEqual(plan, { step: "run", mode: "replay", reason: { key: "planNoCells" } });
  }
});
