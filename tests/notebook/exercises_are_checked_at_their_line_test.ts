/** The exercise format: blocks and role cells tie together, and every mistake names its line. */
import assert from "node:assert/strict";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { lineOf } from "../support.ts";

const TASK = "```exercise name=ex\ntitle: T\ntask: do it\nhints: [one, two]\n```\n";
const CHECK = "```ts check=ex\nclaim(true, 'a', 'b');\n```\n";
const SOLUTION = "```ts solution=ex\nawait $`true`;\n```\n";

function fails(text: string, needle: string, message: RegExp): void {
  assert.throws(() => parseNotebook(`# N\n\n${text}`, "n.md"), (e: Error) => {
    const line = lineOf(`# N\n\n${text}`, needle);
    assert.ok(e.message.startsWith(`n.md:${line}: `), `${e.message} (expected line ${line})`);
    assert.match(e.message, message);
    return true;
  });
}

Deno.test("an exercise, its check, hint and solution are read and tied together", () => {
  const hint = "```ts hint=ex\nreturn 'look';\n```\n";
  const q =
    "```question name=q\nask: how many?\nchoices: [1, 2]\n```\n```ts answer=q\nreturn 1;\n```\n";
  const nb = parseNotebook(`# N\n\n${TASK}${CHECK}${hint}${SOLUTION}${q}`, "n.md");
  assert.equal(nb.exercises.length, 1);
  const ex = nb.exercises[0];
  assert.ok(ex);
  assert.deepEqual(
    {
      name: ex.name,
      title: ex.title,
      hints: ex.hints,
      check: ex.check,
      hint: ex.hint,
      solution: ex.solution,
    },
    {
      name: "ex",
      title: "T",
      hints: ["one", "two"],
      check: "check-ex",
      hint: "hint-ex",
      solution: "solution-ex",
    },
  );
  assert.deepEqual(nb.questions.map((x) => [x.name, x.choices, x.answer]), [[
    "q",
    ["1", "2"],
    "answer-q",
  ]]);
  assert.deepEqual(nb.parts.map((p) => p.kind), [
    "markdown",
    "exercise",
    "code",
    "code",
    "code",
    "question",
    "code",
  ]);
});

Deno.test("an exercise without a check or a solution is an error at its block", () => {
  fails(TASK + SOLUTION, "```exercise", /exercise ex has no check: add a ```ts check=ex cell/);
  fails(TASK + CHECK, "```exercise", /exercise ex has no solution/);
});

Deno.test("a role cell must name an exercise declared before it", () => {
  fails(
    CHECK + TASK + SOLUTION,
    "```ts check=ex",
    /the check of ex must come after its exercise block/,
  );
  fails(TASK + CHECK + SOLUTION + "```ts check=other\n```\n", "check=other", /names no exercise/);
  fails(
    TASK + CHECK + SOLUTION + "```ts answer=ex\nreturn 1;\n```\n",
    "answer=ex",
    /answer=ex names no question/,
  );
});

Deno.test("the check comes before the solution, and each exercise has one of each", () => {
  fails(TASK + SOLUTION + CHECK, "```ts check=ex", /the check of ex must come before its solution/);
  fails(
    TASK + CHECK + CHECK.replace("check=ex", "check=ex id=again") + SOLUTION,
    "id=again",
    /already has its check/,
  );
});

Deno.test("bad YAML, unknown keys and options are errors at their line", () => {
  fails(
    "```exercise name=ex\ntitle: T\ntask: x\ncolour: red\n```\n" + CHECK + SOLUTION,
    "colour: red",
    /`colour` is not a key/,
  );
  fails("```exercise name=ex\ntitle: T\n```\n", "```exercise", /`task` is required/);
  fails("```exercise\ntitle: T\ntask: x\n```\n", "```exercise", /needs a name/);
  fails("```exercise name=Ex\ntitle: T\ntask: x\n```\n", "```exercise", /must be lower-case/);
  fails(
    "```question name=q\nask: a\nchoices: [only]\n```\n```ts answer=q\n```\n",
    "choices:",
    /`choices` should not be empty|choices/,
  );
  fails(
    TASK + CHECK.replace("check=ex", "check=ex skip") + SOLUTION,
    "check=ex skip",
    /cannot also be skip/,
  );
  fails("```question name=q\nask: a\n```\n", "```question", /question q has no answer/);
});

Deno.test("an exercise and a question cannot share a name", () => {
  fails(
    TASK + CHECK + SOLUTION + "```question name=ex\nask: a\n```\n",
    "```question",
    /already used by the exercise/,
  );
});
