/**
 * `deno task lab`: a shell inside the lab at a cell or an exercise, scripted through a pipe and
 * driven on a pseudo-terminal; its check judges the lab (a wrong fix fails it), its hints come
 * one by one, its solution counts as help; progress is kept; a failing cell names the command.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { copyNotebook, denoTaskFed, denoTaskIn, liveOnly } from "../support.ts";
import { PtySession } from "./pty_driver.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const NOTEBOOK = "tests/data/exercises.md";
const live = await liveOnly();

/** Runs `deno task lab ARGS`, its standard input the script. */
function lab(script: string, state: string, ...args: string[]) {
  return denoTaskFed(script, { XDG_STATE_HOME: state }, "lab", ...args);
}

async function progressOf(state: string) {
  return JSON.parse(await Deno.readTextFile(join(state, "netbook", "progress.json")));
}

Deno.test(
  "a piped lab shell stands after --at's cell and exits with the last command's status",
  live,
  async () => {
    const state = await Deno.makeTempDir();
    try {
      const r = await lab(
        "ip netns list\nip -n red link show lo | grep -c UP\nexit 4\n",
        state,
        NOTEBOOK,
        "--at",
        "make-red",
      );
      assert.equal(r.code, 4, r.stderr);
      assert.equal(
        r.stdout,
        "red\n0\n",
        "after make-red, before link-red: red exists, its lo is down",
      );
      assert.match(r.stderr, /You are in the lab of tests\/data\/exercises\.md, at make-red/);
      const failing = await lab("ip netns list | grep -c green\n", state, NOTEBOOK);
      assert.equal(failing.code, 0, "without --at, the whole notebook ran");
      assert.equal(failing.stdout, "1\n");
    } finally {
      await Deno.remove(state, { recursive: true });
    }
  },
);

Deno.test(
  "at an exercise, check fails until the lab is right, and a wrong fix fails it too",
  live,
  async () => {
    const state = await Deno.makeTempDir();
    try {
      const script = [
        "check; echo before=$?",
        "ip netns add blue && ip -n blue addr add 10.9.9.8/32 dev lo && ip -n blue link set lo up",
        "check; echo wrong=$?",
        "hint; hint; hint; hint",
        "ip -n blue addr del 10.9.9.8/32 dev lo && ip -n blue addr add 10.9.9.9/32 dev lo",
        "check; echo right=$?",
        "",
      ].join("\n");
      const r = await lab(script, state, NOTEBOOK, "--exercise", "blue-address");
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /✗ there is no namespace blue \(ip netns add blue\)\nbefore=1/);
      assert.match(
        r.stdout,
        /✗ blue's lo does not hold 10\.9\.9\.9\/32\n {2}✓ blue's lo is up\nwrong=1/,
      );
      assert.match(r.stdout, /hint 1\/3: ip netns add makes a namespace/);
      assert.match(r.stdout, /hint 2\/3:/);
      assert.match(
        r.stdout,
        /hint, from the lab as it is now: blue exists; now its address and link/,
      );
      assert.match(r.stdout, /✓ blue-address: solved[\s\S]*right=0/);
      const p = await progressOf(state);
      assert.equal(p.notebooks["exercises.md"].exercises["blue-address"].help, false);
      // Shown the solution first: solved with help.
      await Deno.remove(join(state, "netbook", "progress.json"));
      const helped = await lab(
        "solution\nip netns add blue; ip -n blue addr add 10.9.9.9/32 dev lo; ip -n blue link set lo up\ncheck\n",
        state,
        NOTEBOOK,
        "--exercise",
        "blue-address",
      );
      assert.equal(helped.code, 0, helped.stdout + helped.stderr);
      assert.match(
        helped.stdout,
        /the reference solution of blue-address[^\n]*\n {2}ip netns add blue\n {2}ip -n blue addr add 10\.9\.9\.9\/32 dev lo\n/,
      );
      assert.equal(
        (await progressOf(state)).notebooks["exercises.md"].exercises["blue-address"].help,
        true,
      );
    } finally {
      await Deno.remove(state, { recursive: true });
    }
  },
);

Deno.test(
  "on a terminal, the shell's prompt names the notebook and cell, and check answers",
  live,
  async () => {
    const state = await Deno.makeTempDir();
    try {
      const p = new PtySession(
        ["deno", "task", "--quiet", "--cwd", ROOT, "lab", NOTEBOOK, "--exercise", "blue-address"],
        { XDG_STATE_HOME: state },
      );
      await p.waitFor("[exercises @ exercise blue-address]");
      await p.type("check; echo status=$?\r");
      await p.waitFor("status=1");
      // Ctrl-C reaches the lab's own terminal: it stops the command there, not the shell.
      // The command says when it runs (a handshake), so the key cannot come before it starts.
      await p.type("sh -c 'echo sleep\"\"ing; exec sleep 30'\r");
      await p.waitFor(/\nsleeping\n/);
      await p.type("\x03");
      await p.waitFor("[exercises @ exercise blue-address]");
      await p.type("echo alive=$?\r");
      await p.waitFor("alive=130");
      await p.type(
        "ip netns add blue; ip -n blue addr add 10.9.9.9/32 dev lo; ip -n blue link set lo up; check; echo status=$?\r",
      );
      await p.waitFor("status=0");
      await p.type("exit 0\r");
      assert.equal(await p.close(), 0);
      assert.match(p.screen, /✓ blue's lo is up/);
    } finally {
      await Deno.remove(state, { recursive: true });
    }
  },
);

Deno.test(
  "a cell that fails live ends its message with the command that opens the lab there",
  live,
  async () => {
    await using copy = await copyNotebook("failing_commands.md");
    const out = await denoTaskIn(
      { XDG_STATE_HOME: copy.dir },
      "notebook",
      "--mode",
      "live",
      copy.path,
    );
    const text = out.stdout;
    assert.equal(out.code, 1);
    const cell = /\(cell ([a-z0-9-]+)\)/.exec(text)?.[1];
    assert.ok(cell, text);
    assert.ok(
      text.trimEnd().endsWith(`deno task lab ${copy.path} --at ${cell}`),
      text.slice(-500),
    );
  },
);

Deno.test("an unknown exercise or cell is named with the nearest one", async () => {
  const state = await Deno.makeTempDir();
  try {
    const r = await lab("", state, NOTEBOOK, "--exercise", "blue-adress");
    assert.equal(r.code, 2);
    assert.match(r.stdout, /has no exercise "blue-adress"; did you mean blue-address\?/);
    const c = await lab("", state, NOTEBOOK, "--at", "make-rd");
    assert.equal(c.code, 2);
    assert.match(c.stdout, /has no cell "make-rd"; did you mean make-red\?/);
  } finally {
    await Deno.remove(state, { recursive: true });
  }
});

/** `deno task notebook --resume ARGS...` with one exercise of 01 solved; its stderr. */
async function resume(...args: string[]): Promise<string> {
  const state = await Deno.makeTempDir();
  try {
    const { ProgressStore } = await import("../../lib/progress/progress_store.ts");
    await new ProgressStore(join(state, "netbook")).solved(
      "notebooks/01-netns-veth.md",
      "rebuild-the-cable",
    );
    const out = await denoTaskFed(
      "ip -n server1 link show server1-veth-br 2>&1 | head -1; exit 0\n",
      { XDG_STATE_HOME: state, LC_ALL: "C.UTF-8" },
      "notebook",
      "--resume",
      ...args,
    );
    const stderr = out.stderr;
    assert.equal(out.code, 0, stderr);
    return stderr;
  } finally {
    await Deno.remove(state, { recursive: true });
  }
}

Deno.test("--resume opens the lab at the first exercise not solved yet", live, async () => {
  assert.match(
    await resume(),
    /You are in the lab of notebooks\/02-bridge\.md, at exercise port-down/,
  );
});

Deno.test("--resume --lang zh resumes in the Chinese curriculum", live, async () => {
  // Progress is kept by notebook name, so 01's exercise solved in English counts in Chinese too.
  assert.match(await resume("--lang", "zh"), /notebooks\/zh\/02-bridge\.md/);
});
