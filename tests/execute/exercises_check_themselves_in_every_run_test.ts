/**
 * A run checks each exercise around its solution: the check must find the lab unsolved before
 * (else the check cannot fail), and solved after (else the solution is wrong); a lab hint must
 * say something; an answer must be one of its question's choices. Each way a check could be
 * broken fails the run, naming the exercise.
 */
import assert from "node:assert/strict";
import { copyNotebook, liveOnly, runCopy } from "../support.ts";
import { mimeText } from "../mime_texts.ts";

const live = await liveOnly();

async function runEdited(change: (text: string) => string) {
  await using copy = await copyNotebook("exercises.md");
  await copy.edit(change);
  return await runCopy(copy, "live");
}

Deno.test("the notebook as written passes: unsolved before, solved after", live, async () => {
  const result = await runEdited((t) => t);
  assert.ok(result.ok, result.error?.message);
  const shown = result.cells.find((c) => c.id === "solution-blue-address")!.outputs
    .flatMap((o) => o.type === "display" ? [mimeText(o.bundle)] : []);
  assert.match(
    shown[0] ?? "",
    /^✗ blue-address: not solved yet \(the lab before the solution\)\n {2}✗ there is no namespace blue/,
  );
  assert.match(
    shown[1] ?? "",
    /^hint for blue-address, from the lab as it is: start with the namespace/,
  );
  assert.match(shown.at(-1)!, /^✓ blue-address: solved \(after the solution\)/);
});

Deno.test("a check that already passes before the solution fails the run", live, async () => {
  const result = await runEdited((t) =>
    t.replace(
      "```ts id=link-red\n",
      () =>
        "```ts id=link-red\nawait $`ip netns add blue && ip -n blue addr add 10.9.9.9/32 dev lo && ip -n blue link set lo up`;\n",
    )
  );
  assert.equal(result.ok, false);
  assert.match(
    result.error!.message,
    /exercise blue-address: its check already passes before the solution ran/,
  );
  assert.equal(result.error!.cell, "solution-blue-address");
});

Deno.test("a wrong solution fails its check, and the run says what is missing", live, async () => {
  const result = await runEdited((t) =>
    t.replace("addr add 10.9.9.9/32 dev lo`;\nawait", "addr add 10.9.9.8/32 dev lo`;\nawait")
  );
  assert.equal(result.ok, false);
  assert.match(
    result.error!.message,
    /the solution of exercise blue-address does not pass its check/,
  );
  assert.match(result.error!.message, /✗ blue's lo does not hold 10\.9\.9\.9\/32/);
});

Deno.test("a hint from the lab that says nothing fails the run", live, async () => {
  const result = await runEdited((t) =>
    t.replace(`return "start with the namespace: ip netns add blue";`, `return "";`)
  );
  assert.equal(result.ok, false);
  assert.match(result.error!.message, /its hint from the lab said nothing/);
});

Deno.test("an answer that is not among its question's choices fails the run", live, async () => {
  const result = await runEdited((t) =>
    t.replace(`choices: ["0", "1", "2"]`, `choices: ["0", "2", "3"]`)
  );
  assert.equal(result.ok, false);
  assert.match(
    result.error!.message,
    /question lo-count: the lab says "1", which is not one of its choices \(0, 2, 3\)/,
  );
});
