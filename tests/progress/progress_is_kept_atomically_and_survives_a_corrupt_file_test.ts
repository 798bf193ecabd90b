/** A learner's progress: where it lives, what it records, and a corrupt file set aside. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { progressDir, ProgressStore } from "../../lib/progress/progress_store.ts";

Deno.test("progress lives in $XDG_STATE_HOME/netbook, else ~/.local/state/netbook", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  assert.equal(progressDir(env({ XDG_STATE_HOME: "/s", HOME: "/h" })), "/s/netbook");
  assert.equal(progressDir(env({ HOME: "/h" })), "/h/.local/state/netbook");
  assert.equal(
    progressDir(env({ XDG_STATE_HOME: "relative", HOME: "/h" })),
    "/h/.local/state/netbook",
  );
});

Deno.test("solved, solved with help, finished, answered; reset forgets", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = new ProgressStore(dir);
    await store.solved("notebooks/01-netns-veth.md", "a");
    await store.shown("notebooks/01-netns-veth.md", "b");
    await store.solved("notebooks/01-netns-veth.md", "b");
    await store.finished("notebooks/01-netns-veth.md");
    await store.answered("notebooks/02-bridge.md", "ttl", false);
    const p = await store.read();
    const mine = p.notebooks["01-netns-veth.md"];
    assert.equal(mine?.exercises.a?.help, false);
    assert.equal(mine?.exercises.b?.help, true);
    assert.ok(mine?.finished);
    assert.equal(p.notebooks["02-bridge.md"]?.questions.ttl?.right, false);
    // No temporary file is left beside it.
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["progress.json"]);
    assert.equal(await store.reset(), true);
    assert.deepEqual((await store.read()).notebooks, {});
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a corrupt progress file is reported and set aside, never a crash", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "progress.json"), "{ not json");
    const notes: string[] = [];
    const store = new ProgressStore(dir, (n) => notes.push(n));
    assert.deepEqual((await store.read()).notebooks, {});
    assert.equal(notes.length, 1);
    assert.match(
      notes[0] ?? "",
      /could not be read \(not JSON: .*\); it was set aside as .*progress\.json\.corrupt-/,
    );
    const names = [...Deno.readDirSync(dir)].map((e) => e.name);
    assert.ok(names.some((n) => n.startsWith("progress.json.corrupt-")), names.join());
    assert.equal(
      await Deno.readTextFile(join(dir, names.find((n) => n.includes("corrupt"))!)),
      "{ not json",
    );
    await store.solved("notebooks/01-netns-veth.md", "a");
    assert.ok((await store.read()).notebooks["01-netns-veth.md"]?.exercises.a);
    // A file of the wrong shape is set aside too.
    await Deno.writeTextFile(join(dir, "progress.json"), JSON.stringify({ version: 9 }));
    assert.deepEqual((await store.read()).notebooks, {});
    assert.equal(notes.length, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
