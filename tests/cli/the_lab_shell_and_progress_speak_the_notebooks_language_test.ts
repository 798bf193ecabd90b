/**
 * The lab shell's words (its greeting, the exercise, `hint`, `solution`, its errors) and the
 * progress commands' (`--reset-progress`, `deno task exercises`) are Chinese with `--lang zh`
 * (or a Chinese notebook), English otherwise.
 */
import assert from "node:assert/strict";
import { denoTaskFed, liveOnly } from "../support.ts";

const NOTEBOOK = "tests/data/exercises.md";
const live = await liveOnly();

/** Runs `deno task TASK ARGS`, its standard input the script, in a fresh progress folder. */
function task(script: string, state: string, name: string, ...args: string[]) {
  return denoTaskFed(script, { XDG_STATE_HOME: state }, name, ...args);
}

Deno.test(
  "with --lang zh the lab shell greets, hints and shows the solution in Chinese",
  live,
  async () => {
    const state = await Deno.makeTempDir();
    try {
      const r = await task(
        "hint\nhint\nsolution\nexit 0\n",
        state,
        "lab",
        "--lang",
        "zh",
        NOTEBOOK,
        "--exercise",
        "blue-address",
      );
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(
        r.stderr,
        /你在 tests\/data\/exercises\.md 的实验环境里，位于练习 blue-address。/,
      );
      assert.match(r.stderr, /练习 blue-address：Give blue an address/);
      assert.match(r.stderr, /check：解决了吗？/);
      assert.match(r.stdout, /提示 1\/3：ip netns add makes a namespace/);
      assert.match(r.stdout, /（再输入 `hint` 获取下一条）/);
      assert.match(
        r.stdout,
        /blue-address 的参考答案 （这个练习现在算作借助帮助解决）：\n {2}ip netns add blue\n/,
      );
      assert.doesNotMatch(r.stdout + r.stderr, /You are in the lab|hint 1\/3|reference solution/);
    } finally {
      await Deno.remove(state, { recursive: true });
    }
  },
);

Deno.test("an unknown exercise or cell is named in Chinese with --lang zh, in English without", async () => {
  const state = await Deno.makeTempDir();
  try {
    const zh = await task("", state, "lab", "--lang", "zh", NOTEBOOK, "--exercise", "blue-adress");
    assert.notEqual(zh.code, 0);
    assert.match(
      zh.stdout + zh.stderr,
      /tests\/data\/exercises\.md 里没有练习 "blue-adress"；你是不是想用 blue-address？/,
    );
    const en = await task("", state, "lab", NOTEBOOK, "--at", "make-rde");
    assert.notEqual(en.code, 0);
    assert.match(
      en.stdout + en.stderr,
      /tests\/data\/exercises\.md has no cell "make-rde"; did you mean make-red\?/,
    );
    const two = await task("", state, "lab", "--lang", "zh", NOTEBOOK, "extra");
    assert.match(two.stdout + two.stderr, /deno task lab 只接受一篇笔记本/);
  } finally {
    await Deno.remove(state, { recursive: true });
  }
});

Deno.test("--reset-progress and deno task exercises speak --lang's language", async () => {
  const state = await Deno.makeTempDir();
  try {
    const zh = await task("", state, "notebook", "--reset-progress", "--lang", "zh");
    assert.equal(zh.code, 0, zh.stderr);
    assert.equal(zh.stdout, "没有需要清除的进度。\n");
    const en = await task("", state, "notebook", "--reset-progress");
    assert.equal(en.stdout, "There was no progress to clear.\n");
    const list = await task("", state, "exercises", "--lang", "zh");
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.trim().split("\n");
    assert.ok(lines.length > 0 && lines.every((l) => l.startsWith("notebooks/zh/")), list.stdout);
  } finally {
    await Deno.remove(state, { recursive: true });
  }
});
