/**
 * openRunner does what the plan asks (probe the default lab, then maybe another) and keeps only
 * the lab it chose: every other lab it started is closed, whether the run goes live elsewhere,
 * replays, or fails. Fake backends count the labs they start and close.
 */
import assert from "node:assert/strict";
import type { Capability } from "../../lib/capability/registry.ts";
import { FixtureMissingError, FixtureStaleError } from "../../lib/fixture/errors.ts";
import type { BackendInfo, ExecResult, Lab, LabBackend } from "../../lib/lab/backend.ts";
import { CapabilityMissingError } from "../../lib/lab/errors.ts";
import { openRunner } from "../../lib/execute/open_runner.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import type { Reason } from "../../lib/plan/reason.ts";
import { dataPath, readData } from "../support.ts";

interface Fake {
  backend: LabBackend;
  /** Labs started, and whether each was closed. */
  labs: { closed: boolean }[];
  /** How often it was asked whether it can run here. */
  asked: number;
}

/**
 * A backend whose labs have `has`, or that cannot start (`refuses`) or run here (`unsupported`);
 * it supplies `supplies` (by default what its labs have).
 */
function fake(
  kind: string,
  o: { has: Capability[]; supplies?: Capability[]; refuses?: string; unsupported?: string },
): Fake {
  const f: Fake = { labs: [], asked: 0, backend: undefined as unknown as LabBackend };
  f.backend = {
    kind,
    description: `a fake ${kind} lab`,
    needs: [],
    support: () => {
      f.asked++;
      return Promise.resolve(
        o.unsupported ? { ok: false, reason: o.unsupported } : { ok: true, info: { kind } },
      );
    },
    supplies: (c) => (o.supplies ?? o.has).includes(c),
    start(): Promise<Lab> {
      if (o.refuses) return Promise.reject(new CapabilityMissingError(o.refuses));
      const state = { closed: false };
      f.labs.push(state);
      const info: BackendInfo = kind === "vm"
        ? { kind, kernel: "6.1.0-test-amd64", accel: "tcg" }
        : { kind, rootless: true };
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
  return f;
}

/** The test notebook (it requires netns and veth), in English or as its Chinese twin. */
async function exercises(lang: "en" | "zh" = "en") {
  const text = await readData("exercises.md");
  return parseNotebook(
    lang === "en"
      ? text
      : text.replace("requires: [netns, veth]", "lang: zh\nrequires: [netns, veth]"),
    dataPath("exercises.md"),
  );
}

const RECORDING = dataPath("exercises.fixture.json");
const NOWHERE = "/nowhere/exercises.fixture.json";

Deno.test("the VM runs it: the default lab probed on the way is closed, the VM's stays open", async () => {
  const netns = fake("netns", { has: ["netns"] });
  const vm = fake("vm", { has: ["netns", "veth"] });
  const said: [string, string, Reason][] = [];
  const opened = await openRunner(await exercises(), {
    backends: [netns.backend, vm.backend],
    fixture: NOWHERE,
    onMode: (mode, reason, why) => said.push([mode, reason, why]),
  });
  try {
    assert.equal(opened.mode, "live");
    assert.equal(opened.live?.lab.info.kind, "vm");
    assert.deepEqual(netns.labs, [{ closed: true }], "the netns lab was left open");
    assert.deepEqual(vm.labs, [{ closed: false }], "the chosen lab must stay open for the run");
    assert.equal(
      opened.reason,
      "the netns lab here lacks veth, which the vm lab has: " +
        "in a micro-VM (Linux 6.1.0-test-amd64, emulated by qemu); nothing on this machine changes",
    );
    assert.deepEqual(said, [["live", opened.reason, opened.why]]);
    assert.deepEqual(opened.why, {
      key: "planLive",
      lab: { kind: "vm", kernel: "6.1.0-test-amd64", accel: "tcg" },
      via: { key: "planViaLacks", kind: "netns", missing: ["veth"], other: "vm" },
    });
  } finally {
    await opened.live?.close();
  }
  assert.deepEqual(vm.labs, [{ closed: true }]);
});

Deno.test("the default lab runs it: the VM is neither asked nor started", async () => {
  const netns = fake("netns", { has: ["netns", "veth"] });
  const vm = fake("vm", { has: ["netns", "veth"] });
  const opened = await openRunner(await exercises(), {
    backends: [netns.backend, vm.backend],
    fixture: NOWHERE,
  });
  await opened.live?.close();
  assert.equal(opened.mode, "live");
  assert.deepEqual(netns.labs, [{ closed: true }]);
  assert.equal(vm.asked, 0);
  assert.deepEqual(vm.labs, []);
});

Deno.test("neither lab can run it: both are closed and the recording replays", async () => {
  const netns = fake("netns", { has: ["netns"] });
  const vm = fake("vm", { has: ["netns"], supplies: ["netns", "veth"] });
  const opened = await openRunner(await exercises(), {
    backends: [netns.backend, vm.backend],
    fixture: RECORDING,
  });
  assert.equal(opened.mode, "replay");
  assert.ok(opened.replay);
  assert.deepEqual(netns.labs, [{ closed: true }]);
  assert.deepEqual(vm.labs, [{ closed: true }]);
  assert.match(opened.reason, /the vm lab lacks veth too\), so this run replays the recording$/);
});

Deno.test("neither lab and no recording: a CapabilityMissingError, every lab closed", async () => {
  const netns = fake("netns", { has: ["netns"] });
  const vm = fake("vm", { has: ["netns"], supplies: ["netns", "veth"] });
  const notebook = await exercises();
  const e = await openRunner(notebook, {
    backends: [netns.backend, vm.backend],
    fixture: NOWHERE,
  }).catch((e) => e);
  assert.ok(e instanceof CapabilityMissingError, String(e));
  assert.match(
    e.message,
    /has no recording to replay yet\. Record it where the lab can run: deno task record /,
  );
  assert.ok(e.message.includes(notebook.path), e.message);
  assert.deepEqual(netns.labs, [{ closed: true }]);
  assert.deepEqual(vm.labs, [{ closed: true }]);
});

Deno.test("a recording that cannot be read: the error, and every lab closed", async () => {
  const broken = await Deno.makeTempFile({ suffix: ".json" });
  try {
    await Deno.writeTextFile(broken, "{}");
    const netns = fake("netns", { has: ["netns"] });
    const vm = fake("vm", { has: ["netns"], supplies: ["netns", "veth"] });
    const e = await openRunner(await exercises(), {
      backends: [netns.backend, vm.backend],
      fixture: broken,
    }).catch((e) => e);
    assert.ok(e instanceof FixtureStaleError, String(e));
    assert.deepEqual(netns.labs, [{ closed: true }]);
    assert.deepEqual(vm.labs, [{ closed: true }]);
  } finally {
    await Deno.remove(broken);
  }
});

Deno.test("live asked for, and the lab asked for by name lacks veth: an error, no VM started", async () => {
  const netns = fake("netns", { has: ["netns"] });
  const vm = fake("vm", { has: ["netns", "veth"] });
  const e = await openRunner(await exercises(), {
    mode: "live",
    backend: netns.backend,
    backends: [netns.backend, vm.backend],
    fixture: RECORDING,
  }).catch((e) => e);
  assert.ok(e instanceof CapabilityMissingError, String(e));
  assert.match(e.message, /cannot run live: this machine lacks veth \(the veth kernel module\)$/);
  assert.deepEqual(netns.labs, [{ closed: true }]);
  assert.deepEqual(vm.labs, []);
});

Deno.test("replay asked for without a recording: a FixtureMissingError, no lab started", async () => {
  const netns = fake("netns", { has: ["netns", "veth"] });
  const e = await openRunner(await exercises(), {
    mode: "replay",
    backends: [netns.backend],
    fixture: NOWHERE,
  }).catch((e) => e);
  assert.ok(e instanceof FixtureMissingError, String(e));
  assert.match(e.message, /has no recording to replay\. Record it: deno task record /);
  assert.deepEqual(netns.labs, []);
});

Deno.test("a Chinese notebook's reason is said in Chinese, its data the same", async () => {
  const opened = await openRunner(await exercises("zh"), { mode: "replay", fixture: RECORDING });
  assert.equal(opened.reason, "按要求：结果来自录制");
  assert.deepEqual(opened.why, { key: "planReplayAsked" });
  const netns = fake("netns", { has: ["netns", "veth"] });
  const live = await openRunner(await exercises("zh"), {
    backends: [netns.backend],
    fixture: NOWHERE,
  });
  await live.live?.close();
  assert.equal(
    live.reason,
    "无 root 权限（rootless），在由私有命名空间组成的沙箱里；本机不会有任何改变",
  );
});

Deno.test("a Chinese notebook that cannot run is told why in Chinese, as the same error", async () => {
  const e = await openRunner(await exercises("zh"), { mode: "replay", fixture: NOWHERE })
    .catch((e) => e);
  assert.ok(e instanceof FixtureMissingError, String(e));
  assert.match(e.message, /没有可以回放的录制。先录制它：deno task record /);
  const netns = fake("netns", { has: ["netns"] });
  const lacking = await openRunner(await exercises("zh"), {
    mode: "live",
    backends: [netns.backend],
    fixture: RECORDING,
  }).catch((e) => e);
  assert.ok(lacking instanceof CapabilityMissingError, String(lacking));
  assert.match(lacking.message, /无法实时运行/);
  assert.deepEqual(netns.labs, [{ closed: true }]);
});
