/**
 * The route table's route -n columns (Destination, Gateway, Genmask, Flags, Metric, Iface) against
 * what net-tools' `route -n` printed for the same routes: one namespace with a route of every
 * kind (tests/data/route_n_lab.md). Checked on its recording, and again live where a lab runs.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { RouteTable } from "../../lib/inspect/route_table.ts";
import { DISPLAY } from "../../lib/render/mime.ts";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { readFixture } from "../../lib/fixture/read_fixture.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import type { CallRecord } from "../../lib/fixture/schema.ts";
import { dataPath, liveOnly } from "../support.ts";
import { mimeText } from "../mime_texts.ts";
import { recordedCalls } from "../recorded_calls.ts";
import { labBackends } from "../../lib/lab/backends.ts";

const LAB = dataPath("route_n_lab.md");

/** Rows of `route -n`, keyed by destination and mask: the six columns the table shares. */
function netTools(text: string): Map<string, string[]> {
  const rows = text.trim().split("\n").slice(2).map((l) => l.trim().split(/\s+/));
  // Destination Gateway Genmask Flags Metric Ref Use Iface
  return new Map(
    rows.map((
      [destination = "", gateway = "", mask = "", flags = "", metric = "", , , iface = ""],
    ) => [
      `${destination}/${mask}`,
      [destination, gateway, mask, flags, metric, iface],
    ]),
  );
}

/** The same columns of our table, from `ip -j route show`. */
function ours(json: string): Map<string, string[]> {
  const text = mimeText(RouteTable.parse(json)[DISPLAY]());
  const rows = text.split("\n").slice(1).map((l) => l.trim().split(/\s+/)).filter((c) =>
    c.length > 5
  );
  return new Map(rows.map((c) => [`${c[0]}/${c[2]}`, c.slice(0, 6)]));
}

function compare(calls: CallRecord[]): void {
  const ip = calls.find((c) => c.command === "ip -n r -j route show")!;
  const route = calls.find((c) => c.command === "ip netns exec r route -n")!;
  const [want, got] = [netTools(route.stdout), ours(ip.stdout)];
  assert.equal(want.size, 12, route.stdout);
  assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort());
  for (const [key, row] of want) assert.deepEqual(got.get(key), row, key);
}

Deno.test("blackhole, unreachable, prohibit, throw and a link that is down read as route -n prints them", async () => {
  const fixture = await readFixture(dataPath("route_n_lab.fixture.json"), LAB);
  const calls = recordedCalls(fixture, "routes");
  compare(calls);
  // The cases this is about, spelled out: a blackhole is U on no interface, a reject route !.
  const route = netTools(calls.find((c) => c.command.endsWith("route -n"))!.stdout);
  assert.deepEqual(route.get("10.244.1.0/255.255.255.192"), [
    "10.244.1.0",
    "0.0.0.0",
    "255.255.255.192",
    "U",
    "0",
    "*",
  ]);
  assert.deepEqual(route.get("10.244.3.3/255.255.255.255")?.slice(1, 4), [
    "-",
    "255.255.255.255",
    "!H",
  ]);
});

Deno.test({
  name: "the same, live: our table and this machine's route -n agree on every route",
  ...await liveOnly(),
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const text = await Deno.readTextFile(LAB);
      const run = await runNotebook(parseNotebook(text, LAB), {
        mode: "record",
        backends: labBackends(),
        fixture: join(dir, "f.json"),
      });
      assert.ok(run.ok, run.error?.message);
      compare(recordedCalls(await readFixture(join(dir, "f.json"), LAB), "routes"));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
