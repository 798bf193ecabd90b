import assert from "node:assert/strict";
import { parseCheckOutput } from "../../lib/check/parse_check_output.ts";

const U = "file:///tmp/netbook-check-x/0/n.md.ts";

Deno.test("a chained message keeps its lines and drops the code frame", () => {
  const out = [
    "TS2322 [ERROR]: Type '{ a: number; }' is not assignable to type '{ a: string; }'.",
    "  The types of 'a' are incompatible between these types.",
    "    Type 'number' is not assignable to type 'string'.",
    "  const o: { a: string } = x;",
    "        ^",
    `    at ${U}:12:9`,
    "",
    "    The expected type comes from property 'a' which is declared here",
    "    function f(a: { a: string }) {}",
    "                    ^",
    `        at ${U}:5:17`,
    "",
    "Found 1 error.",
    "",
    "error: Type checking failed.",
  ].join("\n");
  assert.deepEqual(parseCheckOutput(out), [{
    code: "TS2322",
    message: "Type '{ a: number; }' is not assignable to type '{ a: string; }'.\n" +
      "  The types of 'a' are incompatible between these types.\n" +
      "    Type 'number' is not assignable to type 'string'.",
    at: { url: U, line: 12, column: 9 },
  }]);
});

Deno.test("colours are stripped, and several diagnostics come apart", () => {
  const out = "\x1b[0m\x1b[1mTS2339 \x1b[0m[ERROR]: Property 'nope' does not exist.\n" +
    "y.nope();\n\x1b[0m\x1b[31m  ~~~~\x1b[0m\n" +
    `    at \x1b[0m\x1b[36m${U}\x1b[0m:\x1b[0m\x1b[33m4\x1b[0m:\x1b[0m\x1b[33m3\x1b[0m\n\n` +
    `TS2307 [ERROR]: Cannot find module 'file:///tmp/x.ts'.\n    at ${U}:2:19\n`;
  assert.deepEqual(parseCheckOutput(out), [
    {
      code: "TS2339",
      message: "Property 'nope' does not exist.",
      at: { url: U, line: 4, column: 3 },
    },
    {
      code: "TS2307",
      message: "Cannot find module 'file:///tmp/x.ts'.",
      at: { url: U, line: 2, column: 19 },
    },
  ]);
});

Deno.test("a syntax error with a gutter frame, and a backtrace, are read", () => {
  const out = [
    "error: SyntaxError: Expression expected",
    "  |",
    "8 | const x = ;",
    "  |           ~",
    `    at ${U}:8:11`,
    "",
    "Stack backtrace:",
    "   0: <unknown>",
  ].join("\n");
  assert.deepEqual(parseCheckOutput(out), [
    { message: "SyntaxError: Expression expected", at: { url: U, line: 8, column: 11 } },
  ]);
});

Deno.test("an error with no place keeps its hint and has no location", () => {
  const out = 'error: Import "nope" not a dependency\n  hint: try `deno add npm:nope`\n';
  assert.deepEqual(parseCheckOutput(out), [
    { message: 'Import "nope" not a dependency\n  hint: try `deno add npm:nope`' },
  ]);
});
