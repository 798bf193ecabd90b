import assert from "node:assert/strict";
import { commandLine } from "../../lib/cell/command.ts";
import { CommandResult } from "../../lib/cell/command_result.ts";
import { quote } from "../../lib/cell/command_line.ts";

/** A tag that returns the command line `$` would run, without running it. */
function line(strings: TemplateStringsArray, ...values: unknown[]): string {
  return commandLine(strings, values);
}

/** The words bash sees in `line` after the leading `printf '%s\0'`, as NUL-separated fields. */
async function words(line: string): Promise<string[]> {
  const out = await new Deno.Command("bash", {
    args: ["-c", line],
    stdout: "piped",
    stderr: "piped",
    env: { HOME: "/nonexistent-home" },
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const text = new TextDecoder().decode(out.stdout);
  assert.ok(text.endsWith("\0"), JSON.stringify(text));
  return text.slice(0, -1).split("\0");
}

const HOSTILE = [
  "; rm -rf /",
  "$(touch /tmp/netbook-quote-pwned)",
  "`touch /tmp/netbook-quote-pwned`",
  "it's",
  "'",
  "''",
  '"double" quotes',
  "two  spaces\tand a tab",
  "line\nbreak",
  "",
  " ",
  "*",
  "~",
  "$HOME",
  "${HOME}",
  "a|b&c>d<e",
  "back\\slash",
  "!history",
  "#not-a-comment",
  "-n",
  "ünïcødé",
];

Deno.test("quote leaves plain words alone", () => {
  for (const word of ["client", "10.0.0.12/24", "veth-a@if3", "a_b", "x=1", "1,2", "%s+"]) {
    assert.equal(quote(word), word);
  }
});

Deno.test("quote makes a single shell word of anything", async () => {
  for (const value of HOSTILE) {
    assert.deepEqual(await words(`printf '%s\\0' ${quote(value)}`), [value], JSON.stringify(value));
  }
});

Deno.test("interpolated values stay one word, whatever they hold", async () => {
  await Deno.remove("/tmp/netbook-quote-pwned").catch(() => {});
  for (const value of HOSTILE) {
    const produced = line`printf '%s\0' before ${value} after`;
    assert.deepEqual(await words(produced), ["before", value, "after"], produced);
  }
  await assert.rejects(Deno.stat("/tmp/netbook-quote-pwned"), Deno.errors.NotFound);
});

Deno.test("several interpolations in one line each stay one word", async () => {
  const [a, b] = ["; rm -rf /", ""];
  assert.deepEqual(await words(line`printf '%s\0' ${a} ${b} ${a}`), [a, b, a]);
});

Deno.test("numbers and other values are interpolated as their text", async () => {
  assert.equal(line`ping -c ${1} ${"10.0.0.1"}`, "ping -c 1 10.0.0.1");
  assert.deepEqual(await words(line`printf '%s\0' ${42} ${true} ${null}`), ["42", "true", "null"]);
});

Deno.test("an array expands to several words, each quoted on its own", async () => {
  const args = ["-c", "1", "a b", "; rm -rf /", ""];
  assert.deepEqual(await words(line`printf '%s\0' ${args}`), args);
  assert.deepEqual(await words(line`printf '%s\0' x ${[]} y`), ["x", "y"]);
});

Deno.test("a command result interpolates as its trimmed standard output, quoted", async () => {
  const r = new CommandResult("ip -j link", "veth a; rm -rf /\n", "", 0, 1);
  assert.deepEqual(await words(line`printf '%s\0' ${r}`), ["veth a; rm -rf /"]);
});

Deno.test("literal template text is kept as written, backslashes included", async () => {
  const produced = line`printf '%s\n' "a\tb" ${"x"}`;
  assert.equal(produced, String.raw`printf '%s\n' "a\tb" x`);
  const out = await new Deno.Command("bash", { args: ["-c", produced], stdout: "piped" }).output();
  assert.equal(new TextDecoder().decode(out.stdout), "a\\tb\nx\n");
});

Deno.test("literal shell syntax in the template stays shell syntax", async () => {
  const produced = line`printf '%s\0' ${"a b"} | tr '\0' ,; echo`;
  const out = await new Deno.Command("bash", { args: ["-c", produced], stdout: "piped" }).output();
  assert.equal(new TextDecoder().decode(out.stdout), "a b,\n");
});

Deno.test("the command line is trimmed of surrounding whitespace", () => {
  assert.equal(
    line`
    ip netns add ${"client"}
  `,
    "ip netns add client",
  );
});
