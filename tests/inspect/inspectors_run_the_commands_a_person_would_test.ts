import assert from "node:assert/strict";
import * as inspect from "../../lib/cell/inspectors.ts";
import type { Capability } from "../../lib/capability/registry.ts";
import type { CallResult, Runner } from "../../lib/cell/runner.ts";
import { setSession } from "../../lib/cell/session.ts";
import { calls } from "./lab_output.ts";

/** Answers each command with what tests/data/inspect_lab.md recorded for it; logs the commands. */
class RecordedLab implements Runner {
  readonly mode = "replay" as const;
  readonly capabilities = new Set<Capability>();
  readonly ran: string[] = [];
  beginCell(): void {}
  endCell(): void {}
  close(): Promise<void> {
    return Promise.resolve();
  }
  exec(_cell: string, command: string): Promise<CallResult> {
    this.ran.push(command);
    const call = calls.find((c) => c.command === command);
    if (!call) return Promise.reject(new Error(`inspect_lab.md never ran \`${command}\``));
    const { stdout, stderr, code, ms } = call;
    return Promise.resolve({ stdout, stderr, code, ms });
  }
}

/** Runs `fn` in a session over the recording; returns what ran and what was shown. */
async function inLab<T>(fn: () => Promise<T>): Promise<{ value: T; ran: string[]; shown: number }> {
  const runner = new RecordedLab();
  let shown = 0;
  setSession({
    runner,
    emit: () => void shown++,
    cell: "inspect",
    expectError: false,
    failed: false,
    unawaited: new Map(),
    reads: new Map(),
  });
  try {
    return { value: await fn(), ran: runner.ran, shown };
  } finally {
    setSession(undefined);
  }
}

Deno.test("routes and routeGet run ip -j route, in the lab host or with -n NS, quietly", async () => {
  const host = await inLab(() => inspect.routes());
  assert.deepEqual(host.ran, ["ip -j route show"]);
  assert.equal(host.shown, 0);
  assert.equal(host.value.caption, "routes in the lab host");
  const got = await inLab(() => inspect.routeGet("a", "192.168.2.12"));
  assert.deepEqual(got.ran, ["ip -n a -j route get 192.168.2.12", "ip -n a -j route show"]);
  assert.equal(got.value.chosen?.dst, "default");
  assert.equal(got.value.caption, "routes in namespace a");
});

Deno.test("addresses, neighbours and fdb run ip -j addr, ip -j neigh and bridge -j fdb", async () => {
  const addrs = await inLab(() => inspect.addresses("a"));
  assert.deepEqual(addrs.ran, ["ip -n a -j addr show"]);
  assert.equal(addrs.value.get("eth0")!.addresses[0]?.local, "192.168.1.11");
  const neigh = await inLab(() => inspect.neighbours());
  assert.deepEqual(neigh.ran, ["ip -j neigh show"]);
  assert.ok(neigh.value.get("192.168.2.12"));
  const fdb = await inLab(() => inspect.fdb());
  assert.deepEqual(fdb.ran, ["bridge -j fdb show"]);
  assert.equal(fdb.value.learned().entries.length, 2);
  assert.deepEqual((await inLab(() => inspect.fdb("a"))).ran, ["bridge -n a -j fdb show"]);
});

Deno.test("links reads every namespace in one command and resolves the veth peers", async () => {
  const { value, ran } = await inLab(() => inspect.links("a"));
  assert.equal(ran.length, 1, ran.join("\n"));
  for (const part of ["ip netns list", "-d link show", "addr show", "netns list-id"]) {
    assert.ok(ran[0]?.includes(part), ran[0]);
  }
  assert.equal(value.caption, "links in namespace a");
  assert.deepEqual(value.get("eth0")!.peer, { ns: undefined, name: "veth-a" });
  const host = await inLab(() => inspect.links());
  assert.deepEqual(host.value.get("veth-b")!.peer, { ns: "b", name: "eth0" });
});

Deno.test("iptables runs iptables-save -c (-t TABLE), through ip netns exec for a namespace", async () => {
  const nat = await inLab(() => inspect.iptables(undefined, { table: "nat", chain: "PREROUTING" }));
  assert.deepEqual(nat.ran, ["iptables-save -c -t nat"]);
  assert.deepEqual(nat.value.rules.map((r) => r.target), ["DNAT"]);
  const all = await inLab(() => inspect.iptables());
  assert.deepEqual(all.ran, ["iptables-save -c"]);
  assert.equal(all.value.rules.length, 4);
  const b = await inLab(() => inspect.iptables("b"));
  assert.deepEqual(b.ran, ["ip netns exec b iptables-save -c"]);
  assert.deepEqual(b.value.tables, []);
});

Deno.test("conntrack runs conntrack -L where the NAT happened", async () => {
  const host = await inLab(() => inspect.conntrack());
  assert.deepEqual(host.ran, ["conntrack -L"]);
  assert.equal(host.value.natted().entries.length, 2);
  const b = await inLab(() => inspect.conntrack("b"));
  assert.deepEqual(b.ran, ["ip netns exec b conntrack -L"]);
  assert.equal(b.value.entries.length, 0);
});

Deno.test("within a cell, a read is reused until a command that may change the lab runs", async () => {
  const { ran } = await inLab(async () => {
    await inspect.routes("a");
    await inspect.routes("a");
    const topology = await inspect.topology();
    await inspect.links("b");
    await inspect.links();
    return topology;
  });
  assert.deepEqual(ran.filter((c) => c === "ip -n a -j route show").length, 1);
  // links() and topology() share one read of every namespace.
  assert.equal(ran.length, 2, ran.join("\n"));
});

Deno.test("a namespace name that needs quoting stays one shell word", async () => {
  const error = await inLab(() => inspect.routes("a b; reboot")).catch((e) => e as Error);
  assert.ok(error instanceof Error);
  assert.match(error.message, /never ran `ip -n 'a b; reboot' -j route show`/);
});
