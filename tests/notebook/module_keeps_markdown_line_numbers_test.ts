import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { fencePlan, toModule } from "../../lib/notebook/to_module.ts";
import { lineOf, readData } from "../support.ts";

const text = await readData("module_cells.md");
const nb = parseNotebook(text, "module_cells.md");
const HEADER =
  "const __nb = (globalThis as any).__nbFake; const log = (globalThis as any).__nbLog;";

/** Each fence's key names it, so that the fake hooks can say which fence they saw. */
const plan = fencePlan(nb);
const named = (f: number) => JSON.stringify([plan[f]?.kind, plan[f]?.cell].join(" ").trim());

Deno.test("the module has the notebook's line count, and the header and first fence on line 1", () => {
  const module = toModule(nb, HEADER, named).split("\n");
  assert.equal(module.length, text.split("\n").length);
  assert.equal(module[0], `${HEADER} await __nb.open("open");`);
});

Deno.test("every code line stands on its own Markdown line", () => {
  const module = toModule(nb, HEADER).split("\n");
  const md = text.split("\n");
  for (const cell of nb.cells.filter((c) => !c.options.skip)) {
    for (let line = cell.line + 1; line < cell.endLine; line++) {
      assert.equal(module[line - 1], md[line - 1], `${cell.id}, line ${line}`);
    }
  }
});

Deno.test("fence lines carry the cell's begin and end; narrative lines are empty but the last", () => {
  const module = toModule(nb, HEADER, named).split("\n");
  const cellLines = new Set<number>();
  for (const cell of nb.cells) {
    for (let l = cell.line; l <= cell.endLine; l++) cellLines.add(l);
    if (cell.options.skip) continue;
    assert.match(module[cell.line - 1] ?? "", new RegExp(`__nb\\.begin\\("begin ${cell.id}"\\)`));
    assert.match(module[cell.endLine - 1] ?? "", new RegExp(`__nb\\.end\\("end ${cell.id}"\\)`));
  }
  module.forEach((line, i) => {
    if (i === 0 || cellLines.has(i + 1)) return;
    if (i === module.length - 1) {
      assert.match(line, /^;`'"`; export \{\}; await __nb\.close\("close"\);$/);
    } else assert.equal(line, "", `line ${i + 1} should be empty`);
  });
});

Deno.test("a skip cell produces no code, only the skip call on its fence", () => {
  const module = toModule(nb, HEADER, named).split("\n");
  const cell = nb.cells.find((c) => c.id === "skipped")!;
  assert.equal(module[cell.line - 1], ';`\'"`; export {}; await __nb.skip("skip skipped");');
  for (let line = cell.line + 1; line <= cell.endLine; line++) {
    assert.equal(module[line - 1], "", `line ${line}`);
  }
  assert.ok(!toModule(nb, HEADER, named).includes("skipped cell ran"));
});

/** Runs the generated module with a fake __nb and returns what happened. */
async function runModule(lacking: string[]) {
  const events: string[] = [];
  const log: string[] = [];
  const g = globalThis as Record<string, unknown>;
  g.__nbLog = log;
  const fence = (key: string) => void events.push(key);
  g.__nbFake = {
    open: fence,
    begin(key: string) {
      events.push(key);
      return !lacking.includes(key.replace(/^begin /, ""));
    },
    end: fence,
    skip: fence,
    close: fence,
  };
  const dir = await Deno.makeTempDir({ prefix: "netbook-module-" });
  const file = join(dir, "module_cells.md.ts");
  await Deno.writeTextFile(file, toModule(nb, HEADER, named));
  let error: Error | undefined;
  try {
    await import(pathToFileURL(file).href);
  } catch (e) {
    error = e as Error;
  } finally {
    await Deno.remove(dir, { recursive: true });
    delete g.__nbLog;
    delete g.__nbFake;
  }
  return { events, log, error, file };
}

Deno.test("cells run in order in one scope (expect-error cells too), with skip and requires= wrappers", async () => {
  const { events, log } = await runModule(["guarded", "guarded-expected"]);
  assert.deepEqual(log, [
    "plain from plain",
    "expected before",
    "after sees from plain, shared too and undefined",
  ]);
  assert.deepEqual(events, [
    "open",
    "begin plain",
    "end plain",
    "skip skipped",
    "begin expected",
    "end expected",
    "begin guarded",
    "end guarded",
    "begin guarded-expected",
    "end guarded-expected",
    "begin after",
    "end after",
    "begin last",
  ]);
});

Deno.test("a requires= cell runs when begin allows it, and keeps its declarations inside", async () => {
  const { events, log } = await runModule([]);
  assert.ok(events.includes("begin guarded") && events.includes("end guarded"), events.join("\n"));
  assert.ok(log.includes("guarded ran with guarded"), log.join("\n"));
  assert.ok(log.includes("guarded-expected ran"), log.join("\n"));
  assert.ok(log.includes("after sees from plain, shared too and undefined"), log.join("\n"));
});

Deno.test("an error thrown in a cell points at the notebook's own line", async () => {
  const { error, file } = await runModule([]);
  assert.ok(error, "the last cell throws");
  assert.equal(error.message, "thrown on a known line");
  const at = new RegExp(
    `${pathToFileURL(file).href.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+):`,
  )
    .exec(error.stack ?? "");
  assert.ok(at, error.stack);
  assert.equal(Number(at[1]), lineOf(text, "thrown on a known line"));
});
