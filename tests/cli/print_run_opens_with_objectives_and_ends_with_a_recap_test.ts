import assert from "node:assert/strict";
import { basename, dirname, join } from "node:path";
import { printRun } from "../../lib/cli/print_run.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { makeStyle } from "../../lib/render/style.ts";
import { tooWide } from "../render/diagram_checks.ts";
import { denoTask } from "../support.ts";

const FIRST = `---
title: "The first one"
summary: A summary long enough that it has to wrap at forty columns, at a word boundary.
objectives:
  - Build the first thing, which takes more than one line to say at forty columns
  - Read what it shows
---

# The first one

Some narrative.

## What you saw

- The first thing, built.

Next: the second one.
`;
const SECOND = `---\ntitle: "The second one"\n---\n\nText.\n`;
const NO_RECAP = `---\ntitle: "Plain"\nobjectives:\n  - Do one thing\n---\n\nText.\n`;

async function tempCurriculum() {
  const dir = await Deno.makeTempDir({ prefix: "netbook-recap-" });
  await Deno.writeTextFile(join(dir, "01-first.md"), FIRST);
  await Deno.writeTextFile(join(dir, "02-second.md"), SECOND);
  await Deno.writeTextFile(join(dir, "scratch.md"), NO_RECAP);
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

/**
 * Prints a notebook as a run would (header, mode, then all of it: it has no cells), from inside
 * its folder, as `deno task notebook 01-first.md` there would.
 */
function printed(at: string, text: string, options: { quiet?: boolean; ok?: boolean } = {}) {
  const back = Deno.cwd();
  Deno.chdir(dirname(at));
  try {
    return print(basename(at), text, options);
  } finally {
    Deno.chdir(back);
  }
}

function print(path: string, text: string, options: { quiet?: boolean; ok?: boolean }) {
  let out = "";
  const printer = printRun(parseNotebook(text, path), {
    style: makeStyle(false),
    width: 40,
    quiet: options.quiet ?? false,
    tty: false,
    write: (t) => out += t,
  });
  printer.header();
  printer.mode("replay", "as asked: answers come from the recording of this notebook");
  printer.finish(options.ok ?? true);
  return out;
}

Deno.test("the objectives follow the title and summary, wrapped under their bullets", async () => {
  await using cur = await tempCurriculum();
  const out = printed(join(cur.dir, "01-first.md"), FIRST);
  assert.deepEqual(tooWide(out, 40), []);
  assert.ok(
    out.startsWith(
      [
        "The first one",
        "A summary long enough that it has to",
        "wrap at forty columns, at a word",
        "boundary.",
        "",
        "You will:",
        "  • Build the first thing, which takes",
        "    more than one line to say at forty",
        "    columns",
        "  • Read what it shows",
        "",
        "mode: replay — as asked: answers come",
        "      from the recording of this",
        "      notebook",
      ].join("\n"),
    ),
    out,
  );
});

Deno.test("the run ends with the recap, once, and the next notebook with its command", async () => {
  await using cur = await tempCurriculum();
  const out = printed(join(cur.dir, "01-first.md"), FIRST);
  assert.equal(out.split("What you saw").length, 2, "the section is printed once");
  const recap = out.slice(out.indexOf("── recap"));
  assert.ok(out.indexOf("Some narrative.") < out.indexOf("── recap"));
  assert.match(recap, /What you saw\n\n• The first thing, built\./);
  assert.match(recap, /Next: The second one\n {2}deno task notebook 02-second\.md\n/);
});

Deno.test("the last notebook says so; one outside a curriculum names no next", async () => {
  await using cur = await tempCurriculum();
  assert.match(printed(join(cur.dir, "02-second.md"), SECOND), /That was the last notebook/);
  const plain = printed(join(cur.dir, "scratch.md"), NO_RECAP);
  assert.doesNotMatch(plain, /Next|last notebook/);
  assert.match(
    plain,
    /── recap ─*\n\nWhat you did\n {2}✓ Do one thing\n/,
    "objectives as what you did",
  );
});

Deno.test("no recap after a failed run, and none (nor a header) when quiet", async () => {
  await using cur = await tempCurriculum();
  assert.doesNotMatch(printed(join(cur.dir, "01-first.md"), FIRST, { ok: false }), /recap|Next/);
  const quiet = printed(join(cur.dir, "01-first.md"), FIRST, { quiet: true });
  assert.doesNotMatch(quiet, /You will|recap|Next|The first one/);
});

Deno.test("deno task notebook: objectives after the title, then at the end the recap and 02", async () => {
  const { code, stdout } = await denoTask(
    "notebook",
    "--mode",
    "replay",
    "notebooks/01-netns-veth.md",
  );
  assert.equal(code, 0, stdout);
  const [title, , , blank, youWill] = stdout.split("\n");
  assert.match(title ?? "", /netns and veth/);
  assert.equal(blank, "");
  assert.equal(youWill, "You will:");
  const end = stdout.slice(stdout.indexOf("── recap"));
  assert.match(end, /What you saw/);
  assert.match(end, /Next: .*\n {2}deno task notebook notebooks\/02-bridge\.md\n/);
});

Deno.test("a cell the lab could not run is named at the cell and in the recap, with the lab that runs it", async () => {
  await using cur = await tempCurriculum();
  const text =
    `---\ntitle: "Tunnels"\n---\n\n\`\`\`ts id=tunnel requires=ipip\nawait $\`ip link\`;\n\`\`\`\n\n\`\`\`ts id=marked skip\n\`\`\`\n\n## What you saw\n\n- A tunnel.\n`;
  const path = join(cur.dir, "03-tunnels.md");
  let out = "";
  const printer = printRun(parseNotebook(text, path), {
    style: makeStyle(false),
    width: 60,
    quiet: false,
    tty: false,
    write: (t) => out += t,
  });
  const note =
    "this lab lacks ipip (the ipip kernel module); the vm lab has it: run with --backend vm";
  printer.onEvent({ t: "cell-start", cell: "tunnel" });
  printer.onEvent({
    t: "cell-end",
    cell: "tunnel",
    status: "skipped",
    ms: 0,
    note,
    elsewhere: "vm",
  });
  printer.onEvent({ t: "cell-start", cell: "marked" });
  printer.onEvent({ t: "cell-end", cell: "marked", status: "skipped", ms: 0, note: "marked skip" });
  printer.finish(true);
  assert.ok(out.includes(`(skipped: ${note})`), out);
  const recap = out.slice(out.indexOf("── recap"));
  assert.match(
    recap,
    /Skipped here: tunnel \(this lab lacks ipip \(the ipip kernel\s+module\)\)\./,
  );
  assert.doesNotMatch(recap, /marked/, "a cell marked skip is not news");
  assert.match(
    recap,
    /The vm lab has what they need:\n {2}deno task notebook\s+\S*03-tunnels\.md\s+--backend vm\n/,
  );
});
