/**
 * A translation (`notebooks/zh/NN-x.md`, `translation-of: ../NN-x.md`) has the original's cells
 * byte for byte, so it replays the original's recording; what its exercises' checks and hints
 * say comes in its own language where the cell says it in several (`{ en, zh }`).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { fixtureFor } from "../../lib/fixture/paths.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { chineseTwin, dataPath, readData } from "../support.ts";

/** The test notebook with one check's findings said in English and Chinese. */
const bilingual = (await readData("exercises.md")).replace(
  `"there is no namespace blue (ip netns add blue)"`,
  `{ en: "there is no namespace blue (ip netns add blue)", zh: "没有名为 blue 的网络命名空间（ip netns add blue）" }`,
).replace(
  `return "start with the namespace: ip netns add blue";`,
  `return { en: "start with the namespace: ip netns add blue", zh: "先建网络命名空间：ip netns add blue" };`,
);

async function setUp() {
  const dir = await Deno.makeTempDir({ prefix: "netbook-translation-" });
  await Deno.mkdir(join(dir, "zh"));
  await Deno.writeTextFile(join(dir, "exercises.md"), bilingual);
  await Deno.copyFile(dataPath("exercises.fixture.json"), join(dir, "exercises.fixture.json"));
  await Deno.writeTextFile(join(dir, "zh", "exercises.md"), chineseTwin(bilingual));
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

/** What the run showed around the exercise's solution, as text. */
async function shownAroundTheSolution(path: string): Promise<string> {
  const notebook = parseNotebook(await Deno.readTextFile(path), path);
  const result = await runNotebook(notebook, { mode: "replay" });
  assert.ok(result.ok, result.error?.message);
  return result.cells.find((c) => c.id === "solution-blue-address")!.outputs
    .flatMap((o) => o.type === "display" ? [o.bundle["text/plain"] ?? ""] : []).join("\n");
}

Deno.test("a translation's recording is its original's", async () => {
  await using t = await setUp();
  const path = join(t.dir, "zh", "exercises.md");
  const notebook = parseNotebook(await Deno.readTextFile(path), path);
  assert.equal(notebook.meta.translationOf, "../exercises.md");
  assert.equal(fixtureFor(notebook), join(t.dir, "exercises.fixture.json"));
  assert.equal(fixtureFor({ path: "notebooks/02-bridge.md", meta: {} }), "fixtures/02-bridge.json");
});

Deno.test("the original and its translation replay one recording, each in its language", async () => {
  await using t = await setUp();
  const en = await shownAroundTheSolution(join(t.dir, "exercises.md"));
  const zh = await shownAroundTheSolution(join(t.dir, "zh", "exercises.md"));
  assert.match(en, /✗ there is no namespace blue \(ip netns add blue\)/);
  assert.match(en, /start with the namespace: ip netns add blue/);
  assert.match(zh, /✗ 没有名为 blue 的网络命名空间（ip netns add blue）/);
  assert.match(zh, /先建网络命名空间：ip netns add blue/);
  assert.doesNotMatch(zh, /there is no namespace blue/);
  // A finding said once, in English only, stays English in the translation.
  assert.match(zh, /blue's lo (holds|does not hold) 10\.9\.9\.9\/32/);
});
