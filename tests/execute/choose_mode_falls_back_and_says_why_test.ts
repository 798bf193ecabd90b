import assert from "node:assert/strict";
import { chooseMode, type ModeFacts } from "../../lib/execute/choose_mode.ts";
import { missingText } from "../../lib/capability/registry.ts";
import { CapabilityMissingError } from "../../lib/lab/errors.ts";
import { FixtureMissingError } from "../../lib/fixture/errors.ts";

const NOTEBOOK = "notebooks/05-ipip.md";
const RECORD = `deno task record ${NOTEBOOK}`;
const NO_SANDBOX = "unprivileged user namespaces are not allowed here";

function facts(overrides: Partial<ModeFacts>): ModeFacts {
  return {
    requested: "auto",
    notebook: NOTEBOOK,
    lab: { info: { kind: "netns", rootless: false } },
    missing: [],
    fixtureExists: false,
    ...overrides,
  };
}

function thrown(f: ModeFacts): Error {
  try {
    chooseMode(f);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`chose a mode for ${JSON.stringify(f)}`);
}

Deno.test("auto runs live when a sandbox can run, with or without a fixture", () => {
  for (const fixtureExists of [false, true]) {
    for (const kind of ["root", "rootless"] as const) {
      const choice = chooseMode(facts({
        lab: { info: { kind: "netns", rootless: kind === "rootless" } },
        fixtureExists,
      }));
      assert.equal(choice.mode, "live");
      assert.match(choice.reason, kind === "root" ? /as root/ : /rootless/);
    }
  }
});

Deno.test("auto replays, and says why, when no sandbox can run but a fixture exists", () => {
  const choice = chooseMode(facts({ lab: { reason: NO_SANDBOX }, fixtureExists: true }));
  assert.equal(choice.mode, "replay");
  assert.ok(choice.reason.includes(NO_SANDBOX), choice.reason);
  assert.match(choice.reason, /replays the recording/);
});

Deno.test("auto replays, naming what is missing, when the lab lacks a notebook capability", () => {
  const choice = chooseMode(facts({ missing: ["ipip", "bird"], fixtureExists: true }));
  assert.equal(choice.mode, "replay");
  assert.ok(choice.reason.includes(missingText("ipip")), choice.reason);
  assert.ok(choice.reason.includes(missingText("bird")), choice.reason);
});

Deno.test("auto without a sandbox and without a fixture is a CapabilityMissingError", () => {
  const e = thrown(facts({ lab: { reason: NO_SANDBOX } }));
  assert.ok(e instanceof CapabilityMissingError, String(e));
  assert.ok(e.message.includes(NO_SANDBOX), e.message);
  assert.ok(e.message.includes(NOTEBOOK), e.message);
  assert.ok(e.message.includes(RECORD), e.message);
});

Deno.test("auto lacking a capability and without a fixture is a CapabilityMissingError", () => {
  const e = thrown(facts({ missing: ["ipip"] }));
  assert.ok(e instanceof CapabilityMissingError, String(e));
  assert.ok(e.message.includes(missingText("ipip")), e.message);
});

Deno.test("replay asked for replays whenever a fixture exists, even if live could run", () => {
  for (const lab of [{ info: { kind: "netns", rootless: false } }, { reason: NO_SANDBOX }]) {
    const choice = chooseMode(facts({ requested: "replay", lab, fixtureExists: true }));
    assert.equal(choice.mode, "replay");
    assert.match(choice.reason, /as asked/);
  }
});

Deno.test("replay asked for without a fixture is a FixtureMissingError", () => {
  const e = thrown(facts({ requested: "replay" }));
  assert.ok(e instanceof FixtureMissingError, String(e));
  assert.ok(e.message.includes(RECORD), e.message);
});

Deno.test("live or record asked for without a sandbox is a CapabilityMissingError, fixture or not", () => {
  for (const requested of ["live", "record"] as const) {
    for (const fixtureExists of [false, true]) {
      const e = thrown(facts({ requested, lab: { reason: NO_SANDBOX }, fixtureExists }));
      assert.ok(e instanceof CapabilityMissingError, String(e));
      assert.ok(e.message.includes(NO_SANDBOX), e.message);
    }
  }
});

Deno.test("live or record asked for, lacking a notebook capability, is an error", () => {
  for (const requested of ["live", "record"] as const) {
    const e = thrown(facts({ requested, missing: ["vxlan"], fixtureExists: true }));
    assert.ok(e instanceof CapabilityMissingError, String(e));
    assert.ok(e.message.includes(missingText("vxlan")), e.message);
  }
});

Deno.test("live and record asked for run as asked when the sandbox can run", () => {
  assert.equal(chooseMode(facts({ requested: "live" })).mode, "live");
  assert.equal(chooseMode(facts({ requested: "record" })).mode, "record");
});
