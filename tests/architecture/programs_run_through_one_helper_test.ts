/**
 * lib/ runs programs one way: lib/io/run_program.ts (runProgram to the end, spawnProgram for a
 * child that lives on). Nowhere else builds a Deno.Command or spells out a PATH for one, so that
 * what a program's environment holds, and what its failure says, is decided in one place.
 */
import assert from "node:assert/strict";
import { LIB, libPath, sources } from "./lib_imports.ts";

const HELPER = "io/run_program.ts";

Deno.test("only lib/io/run_program.ts builds a Deno.Command", async () => {
  const others: string[] = [];
  for await (const file of sources()) {
    if (libPath(file) === HELPER) continue;
    if (/\bDeno\.Command\b/.test(await Deno.readTextFile(file))) others.push(libPath(file));
  }
  assert.deepEqual(others, [], "run these programs with runProgram or spawnProgram");
});

Deno.test("no file under lib/ but the helper spells a PATH for a program it starts", async () => {
  const others: string[] = [];
  for await (const file of sources()) {
    if (libPath(file) === HELPER) continue;
    const text = await Deno.readTextFile(file);
    if (/\bPATH:\s*["`]/.test(text)) others.push(libPath(file));
  }
  assert.deepEqual(others, [], `use SYSTEM_PATH from ${LIB}${HELPER}`);
});
