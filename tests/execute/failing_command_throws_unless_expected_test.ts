import assert from "node:assert/strict";
import { copyNotebook, lineOf, printed, runCopy, statuses } from "../support.ts";

Deno.test("a failing command throws a CommandError naming the command, at its line", async () => {
  await using copy = await copyNotebook("failing_commands.md");
  const result = await runCopy(copy, "live");
  const line = lineOf(copy.text, "no-such-device-c");
  assert.equal(result.ok, false);
  assert.equal(statuses(result).fails, "failed");
  assert.equal(statuses(result).never, "not-run");
  assert.ok(result.error);
  assert.equal(result.error.kind, "error");
  assert.equal((result.error.cause as Error).name, "CommandError");
  assert.ok(result.error.message.startsWith(`${copy.path}:${line}`), result.error.message);
  assert.match(result.error.message, /`ip link show no-such-device-c` exited with code 1/);
  assert.match(result.error.message, /no-such-device-c/);
  assert.equal(printed(result, "fails"), "fails started\n");
});

Deno.test("in an expect-error cell a failing command is shown and the run goes on", async () => {
  await using copy = await copyNotebook("failing_commands.md");
  const result = await runCopy(copy, "live");
  assert.equal(statuses(result).expected, "expected-error");
  const expected = result.cells.find((c) => c.id === "expected")!;
  const commands = expected.outputs.flatMap((o) => o.type === "command" ? [o.transcript] : []);
  const [command] = commands;
  assert.equal(commands.length, 1);
  assert.ok(command);
  assert.equal(command.command, "ip link show no-such-device-a");
  assert.notEqual(command.code, 0);
  assert.equal(command.expected, true);
  assert.equal(printed(result, "expected"), "the expected failure did not throw\n");
});

Deno.test("in an expect-error cell only failing commands are expected: a throw fails the run", async () => {
  await using copy = await copyNotebook("expect_error_does_not_hide_a_throw.md");
  const result = await runCopy(copy, "live");
  assert.equal(result.ok, false);
  assert.deepEqual(statuses(result), { teaches: "failed", after: "not-run" });
  assert.ok(result.error);
  assert.equal(result.error.line, lineOf(copy.text, "the check in the cell failed"));
  assert.match(result.error.message, /the check in the cell failed/);
});

Deno.test(".noThrow() lets a cell look at a failed command's exit code", async () => {
  await using copy = await copyNotebook("failing_commands.md");
  const result = await runCopy(copy, "live");
  assert.equal(statuses(result)["no-throw"], "ok");
  assert.equal(
    printed(result, "no-throw"),
    "no-throw exit 1\nexpect-error declarations are shared: exit 1\n",
  );
});

Deno.test("an expect-error cell in which nothing fails is an error", async () => {
  await using copy = await copyNotebook("expect_error_without_failure.md");
  const result = await runCopy(copy, "live");
  const cell = copy.parse().cells.find((c) => c.id === "calm")!;
  assert.equal(result.ok, false);
  assert.deepEqual(statuses(result), { calm: "failed", after: "not-run" });
  assert.ok(result.error);
  assert.equal(result.error.cell, "calm");
  assert.ok(result.error.line >= cell.line && result.error.line <= cell.endLine);
  assert.ok(result.error.message.startsWith(`${copy.path}:${result.error.line}`));
  assert.match(result.error.message, /marked expect-error, but nothing in it failed/);
});
