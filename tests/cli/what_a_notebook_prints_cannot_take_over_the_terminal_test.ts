/**
 * What a notebook prints is data, never control of the reader's terminal: escape sequences from
 * its front matter, narrative, code, command output, console.log and displays, live, recorded
 * and replayed from the recording, reach the terminal as visible text (`^[]52;...`), while the
 * colours netbook writes itself stay. A terminal that says it is 0 columns wide (`script`
 * without a size) runs notebooks too.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { wrapCode } from "../../lib/cli/terminal_output.ts";
import { fitWidth } from "../../lib/cli/terminal.ts";
import { terminalSafe, visible } from "../../lib/render/visible.ts";
import { dataPath, liveOnly } from "../support.ts";

// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
/** What netbook writes itself: colours, and the spinner's line clearing. */
// deno-lint-ignore no-control-regex
const OWN = /\x1b\[[0-9;]*m|\r\x1b\[K/g;
/** An escape sequence, and what follows it on its line. */
// deno-lint-ignore no-control-regex
const SEQUENCE = /\r?\x1b[^\n\x1b]{0,12}/g;
// deno-lint-ignore no-control-regex
const OWN_FIRST = /^(?:\x1b\[[0-9;]*m|\r\x1b\[K)/;

const MAIN = fileURLToPath(new URL("../../lib/cli/main.ts", import.meta.url));
const live = await liveOnly();

/** tests/data/hostile/escapes.md in a temp folder, with its real escape and bell characters. */
async function escapes(): Promise<{ dir: string; path: string }> {
  const dir = await Deno.makeTempDir({ prefix: "netbook-escapes-" });
  const path = join(dir, "escapes.md");
  const text = await Deno.readTextFile(dataPath("hostile/escapes.md"));
  await Deno.writeTextFile(path, text.replaceAll("<ESC>", "\x1b").replaceAll("<BEL>", "\x07"));
  return { dir, path };
}

/** `deno task notebook --mode MODE PATH`, its output as a terminal would get it. */
async function run(mode: string, path: string, tty: boolean): Promise<string> {
  const deno = Deno.execPath();
  const line = [deno, "run", "-A", "--quiet", MAIN, "run", "--mode", mode, path];
  // `script` gives the run a terminal (colours on), of size 0 when its own input is not one.
  const command = tty
    ? new Deno.Command("script", {
      args: ["-qec", line.map((a) => `'${a}'`).join(" "), "/dev/null"],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { TERM: "xterm" },
    })
    : new Deno.Command(deno, {
      args: line.slice(1),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    });
  const out = await command.output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, text + new TextDecoder().decode(out.stderr));
  return text;
}

/** Each place of the notebook that held escapes, as the terminal must show it. */
const SHOWN = [
  "Escapes ^[]0;a title set by a notebook^G in the title",
  "^[[2J^[[H and sets the clipboard ^[]52;c;c3VtbWFyeQ==^G",
  "Rings the bell ^G and colours ^[[31mred^[[0m",
  "Narrative with ^[]52;c;bmFycmF0aXZl^G in it, and ^[[2J too.",
  '// In the code itself: "^[]0;code^G"',
  "^[]52;c;Y29tbWFuZA==^G from a command",
  "^[]0;stderr^G on standard error",
  "^[]0;console^G and ^[[2J from console.log",
  "shown ^[]52;c;c2hvd24=^G",
];

for (const mode of ["live", "record", "replay"]) {
  Deno.test(`escape sequences from a notebook are shown as text (${mode})`, live, async () => {
    const { dir, path } = await escapes();
    try {
      if (mode === "replay") await run("record", path, false);
      // Without colour, netbook writes no escape sequence of its own: there must be none.
      const plain = await run(mode, path, false);
      assert.doesNotMatch(plain, CONTROL);
      for (const text of SHOWN) assert.ok(plain.includes(text), `${text} in:\n${plain}`);
      // On a terminal, netbook's own colours are there, and nothing else acts.
      const tty = (await run(mode, path, true)).replaceAll("\r\n", "\n");
      // (and the spinner's line clearing: `\r ESC [K`).
      const sequences = [...tty.matchAll(SEQUENCE)].map((m) => m[0]);
      assert.ok(sequences.length > 0, "netbook's own colours are gone");
      for (const s of sequences) assert.match(s, OWN_FIRST, JSON.stringify(s));
      assert.doesNotMatch(tty.replace(OWN, ""), CONTROL);
      for (const text of SHOWN.slice(3)) assert.ok(tty.includes(text), `${text} in:\n${tty}`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("visible() shows control characters as text; terminalSafe() keeps only colours", () => {
  assert.equal(visible("a\x1b]52;c;eA==\x07b\r\nc\rd\x7f\x9b"), "a^[]52;c;eA==^Gb\nc^Md^?<9b>");
  assert.equal(visible("tab\tand\nnewline"), "tab\tand\nnewline");
  assert.equal(
    terminalSafe("\x1b[1mbold\x1b[22m \x1b]0;t\x07 \r\x1b[K⠋ \x1b[2J"),
    "\x1b[1mbold\x1b[22m ^[]0;t^G \r\x1b[K⠋ ^[[2J",
  );
});

Deno.test("a terminal that says it has 0 columns is taken as 100 wide", () => {
  assert.equal(fitWidth(0), 100);
  assert.equal(fitWidth(undefined), 100);
  assert.equal(fitWidth(8), 20);
  assert.equal(fitWidth(80), 80);
  assert.equal(fitWidth(300), 100);
  // A code line fits however little room is left, and says all it said.
  for (const room of [-2, 0, 1, 5]) {
    const pieces = wrapCode("const a = 'a long line of code';", room);
    assert.equal(pieces.join("").replace(/\s/g, ""), "consta='alonglineofcode';");
  }
});

Deno.test("a notebook runs in a terminal of size 0 (script without a size)", async () => {
  const text = await run("replay", "notebooks/01-netns-veth.md", true);
  assert.match(text, /✓ \d+ cells ran/);
});
