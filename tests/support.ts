/** Helpers shared by the unit tests: test data, line lookup, throw-away copies of notebooks. */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseNotebook } from "../lib/notebook/parse.ts";
import type { Notebook } from "../lib/notebook/model.ts";
import type { RunResult } from "../lib/execute/results.ts";
import { runNotebook, type RunOptions } from "../lib/execute/run_notebook.ts";
import { netnsBackend } from "../lib/lab/netns_backend.ts";
import { labBackends } from "../lib/lab/backends.ts";

/** The absolute path of a file in tests/data/. */
export function dataPath(name: string): string {
  return fileURLToPath(new URL(`data/${name}`, import.meta.url));
}

/** The text of a file in tests/data/. */
export function readData(name: string): Promise<string> {
  return Deno.readTextFile(dataPath(name));
}

/**
 * The 1-based line of `text` that contains `needle`; throws unless exactly one line does, so
 * that tests find the line they mean without hard-coding numbers.
 */
export function lineOf(text: string, needle: string): number {
  const hits = text.split("\n").flatMap((l, i) => l.includes(needle) ? [i + 1] : []);
  const [hit] = hits;
  if (hits.length !== 1 || hit === undefined) {
    throw new Error(
      `expected exactly one line containing ${JSON.stringify(needle)}, found ${hits.length}`,
    );
  }
  return hit;
}

/** A notebook from tests/data copied into a fresh temp dir, with where its fixture goes. */
export interface NotebookCopy {
  dir: string;
  path: string;
  fixture: string;
  text: string;
  parse(): Notebook;
  /** Rewrites the copy (e.g. to edit a command after recording) and returns the new text. */
  edit(change: (text: string) => string): Promise<string>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function copyNotebook(name: string): Promise<NotebookCopy> {
  const dir = await Deno.makeTempDir({ prefix: "netbook-test-" });
  const path = join(dir, name);
  const copy: NotebookCopy = {
    dir,
    path,
    fixture: join(dir, name.replace(/\.md$/, ".fixture.json")),
    text: await readData(name),
    parse: () => parseNotebook(copy.text, path),
    async edit(change) {
      copy.text = change(copy.text);
      await Deno.writeTextFile(path, copy.text);
      return copy.text;
    },
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
  await Deno.writeTextFile(path, copy.text);
  return copy;
}

/** Parses tests/data/bad/NAME, which must fail, and returns the SyntaxError with the input. */
export async function parseBad(
  name: string,
): Promise<{ error: SyntaxError; path: string; text: string }> {
  const path = dataPath(`bad/${name}`);
  const text = await readData(`bad/${name}`);
  try {
    parseNotebook(text, path);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return { error, path, text };
  }
  throw new Error(`${name} parsed without an error`);
}

/** Runs a copied notebook with its fixture kept in the copy's temp dir. */
export function runCopy(
  copy: NotebookCopy,
  mode: NonNullable<RunOptions["mode"]>,
  options: Omit<RunOptions, "mode" | "fixture"> = {},
): Promise<RunResult> {
  return runNotebook(copy.parse(), {
    backends: labBackends(),
    ...options,
    mode,
    fixture: copy.fixture,
  });
}

/** Each cell's status, by id. */
export function statuses(result: RunResult): Record<string, string> {
  return Object.fromEntries(result.cells.map((c) => [c.id, c.status]));
}

/** The text a cell printed on a stream. */
export function printed(
  result: RunResult,
  cell: string,
  name: "stdout" | "stderr" = "stdout",
): string {
  const outputs = result.cells.find((c) => c.id === cell)?.outputs ?? [];
  return outputs.flatMap((o) => o.type === "stream" && o.name === name ? [o.text] : []).join("");
}

/** Replays a notebook of the repository (path relative to it) from its recording; it must pass. */
export async function replayFile(relative: string): Promise<RunResult> {
  const path = fileURLToPath(new URL(`../${relative}`, import.meta.url));
  const run = await runNotebook(parseNotebook(await Deno.readTextFile(path), path), {
    mode: "replay",
  });
  if (!run.ok) throw new Error(`${relative} did not replay: ${run.error?.message}`);
  return run;
}

/** Where the command lines the tests run keep a learner's progress: never the real one. */
export const TEST_STATE = join(Deno.env.get("TMPDIR") ?? "/tmp", "netbook-test-state");

/** Runs `deno task NAME ARGS...` in the repository, without colour, and collects what it printed. */
export function denoTask(
  name: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return denoTaskIn({}, name, ...args);
}

/**
 * `denoTask` with more environment: the locale is English (C.UTF-8, LC_ALL and LC_MESSAGES
 * unset) unless `env` says otherwise, so that what a test reads does not depend on the machine.
 */
export function denoTaskIn(
  env: Record<string, string>,
  name: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return denoTaskFed(undefined, env, name, ...args);
}

/** `denoTaskIn` with `input` written to the task's standard input (then closed). */
export async function denoTaskFed(
  input: string | undefined,
  env: Record<string, string>,
  name: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", name, ...args],
    cwd: fileURLToPath(new URL("../", import.meta.url)),
    env: {
      NO_COLOR: "1",
      XDG_STATE_HOME: TEST_STATE,
      LANG: "C.UTF-8",
      LC_ALL: "",
      LC_MESSAGES: "",
      ...env,
    },
    stdin: input === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (input !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(input));
    await writer.close();
  }
  const out = await child.output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

let support: Promise<boolean> | undefined;

/** Whether the default lab (netns) can run here; asked once per test file. */
export function labCanRun(): Promise<boolean> {
  support ??= netnsBackend.support().then((s) => s.ok);
  return support;
}

/**
 * Deno.test options for tests that need the live lab: ignored (and so reported) where it cannot
 * run, except in CI (CI=true), where the lab must run and such a test fails instead.
 */
export async function liveOnly(): Promise<{ ignore: boolean }> {
  return { ignore: !(await labCanRun()) && !Deno.env.get("CI") };
}

/**
 * The Chinese twin of a test notebook (tests/data/exercises.md or one like it): the same cells,
 * its own front matter (`title`), and its first sentence of narrative said in Chinese.
 */
export function chineseTwin(
  original: string,
  { title = "练习", narrative = "先有一个网络命名空间。" } = {},
): string {
  const body = original.slice(original.indexOf("\n---\n", 4) + 5);
  return [
    "---",
    `title: ${title}`,
    "summary: 一个练习和一个问题",
    "objectives: [检查一个实验环境]",
    "lang: zh",
    "translation-of: ../exercises.md",
    "requires: [netns, veth]",
    "---",
    body.replace("A namespace to start from.", narrative),
  ].join("\n");
}
