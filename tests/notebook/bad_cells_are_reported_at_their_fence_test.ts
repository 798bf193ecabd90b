import assert from "node:assert/strict";
import { lineOf, parseBad } from "../support.ts";

/** Asserts that NAME fails with `path:line: ...` where line is the one containing `fence`. */
async function failsAt(name: string, fence: string, message: RegExp): Promise<void> {
  const { error, path, text } = await parseBad(name);
  const line = lineOf(text, fence);
  assert.ok(
    error.message.startsWith(`${path}:${line}: `),
    `${error.message}\n(expected ${path}:${line})`,
  );
  assert.match(error.message, message);
}

Deno.test("an unknown cell option names the file and the fence's line", async () => {
  await failsAt("unknown_cell_option.md", "colour=red", /unknown cell option "colour=red"/);
});

Deno.test("a cell id used twice is an error at the second use, naming the first", async () => {
  const { error, path, text } = await parseBad("duplicate_cell_id.md");
  const [first, second] = text.split("\n").flatMap((l, i) => l.includes("id=twice") ? [i + 1] : []);
  assert.ok(error.message.startsWith(`${path}:${second}: `), error.message);
  assert.match(error.message, new RegExp(`"twice" is already used at line ${first}\\b`));
});

Deno.test("an explicit id that a later cell would get by default is a duplicate", async () => {
  const { error, text, path } = await parseBad("explicit_id_takes_a_default_id.md");
  const second = text.split("\n").findLastIndex((l) => l.startsWith("```ts")) + 1;
  assert.ok(error.message.startsWith(`${path}:${second}: `), error.message);
  assert.match(error.message, /"cell-2" is already used/);
});

Deno.test("an invalid timeout is an error at its fence", async () => {
  await failsAt("invalid_timeout.md", "timeout=soon", /timeout "soon"/);
  await failsAt("zero_timeout.md", "timeout=0s", /timeout "0s"/);
});

Deno.test("an unknown capability in requires= is an error at its fence", async () => {
  await failsAt("unknown_capability.md", "requires=", /unknown capability "warp-drive"/);
});

Deno.test("an invalid cell id is an error at its fence", async () => {
  await failsAt("invalid_cell_id.md", "id=Make_Pair", /cell id "Make_Pair"/);
});

Deno.test("a ts fence that is never closed is an error at its opening line", async () => {
  await failsAt("unclosed_fence.md", "```ts id=open", /never closed/);
});

Deno.test("a ts cell nested in a list is an error at its fence", async () => {
  await failsAt("cell_in_a_list.md", "```ts", /nested in a list/);
});

Deno.test("a ts cell nested in a block quote is an error at its fence", async () => {
  await failsAt("cell_in_a_quote.md", "```ts", /nested in a list or quote/);
});
