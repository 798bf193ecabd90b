import assert from "node:assert/strict";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { lineOf, parseBad, readData } from "../support.ts";

Deno.test("a notebook without front matter takes its title from the first heading", async () => {
  const nb = parseNotebook(await readData("no_front_matter.md"), "plain.md");
  assert.equal(nb.meta.title, "Just Markdown");
  assert.equal(nb.meta.summary, undefined);
  assert.deepEqual(nb.meta.objectives, []);
  assert.deepEqual(nb.cells.map((c) => c.id), ["hello"]);
});

Deno.test("a notebook with neither front matter nor a heading is asked for a title", () => {
  assert.throws(
    () => parseNotebook("Only narrative.\n", "untitled.md"),
    (e: Error) =>
      e instanceof SyntaxError && /^untitled\.md:1: a notebook needs a title/.test(e.message),
  );
});

Deno.test("only a title is needed: summary, objectives and sources are optional", () => {
  const nb = parseNotebook(
    "---\ntitle: Mine\nsummary: A notebook of my own\n---\n\nBody.\n",
    "mine.md",
  );
  assert.equal(nb.meta.title, "Mine");
  assert.deepEqual(nb.meta.objectives, []);
  assert.deepEqual(nb.meta.sources, []);
});

Deno.test("front matter that is never closed is rejected at line 1", () => {
  // Inline, not in tests/data: deno fmt would rewrite such a file as Markdown.
  const text = "---\ntitle: Never closed\nsummary: no closing line\nobjectives: [fail]\n\nBody.\n";
  assert.throws(
    () => parseNotebook(text, "unclosed.md"),
    (e: Error) => e instanceof SyntaxError && /^unclosed\.md:1: .*never closed/.test(e.message),
  );
});

Deno.test("front matter without a title, and no heading, names the file and the title", async () => {
  const { error, path } = await parseBad("missing_title.md");
  assert.ok(error.message.startsWith(`${path}:1: `), error.message);
  assert.match(error.message, /\btitle\b/);
});

Deno.test("an unknown front matter key is an error at that key's line", async () => {
  const { error, path, text } = await parseBad("unknown_front_matter_key.md");
  assert.ok(error.message.startsWith(`${path}:${lineOf(text, "colour:")}: `), error.message);
  assert.match(error.message, /`colour` is not a key this format knows/);
});

Deno.test("an unknown capability in requires is an error at the requires line", async () => {
  const { error, path, text } = await parseBad("unknown_requirement.md");
  assert.ok(error.message.startsWith(`${path}:${lineOf(text, "requires:")}: `), error.message);
  assert.match(error.message, /`requires.1` is "warp-drive", which is not one of: netns, veth/);
  assert.doesNotMatch(error.message, /Invalid input/);
});

Deno.test("front matter that is not YAML is an error inside the front matter", async () => {
  const { error, path, text } = await parseBad("bad_yaml_front_matter.md");
  const m = /^(.+):(\d+): front matter is not valid YAML/.exec(error.message);
  assert.ok(m, error.message);
  assert.equal(m[1], path);
  // The broken string opens on the summary line and runs to the end of the front matter.
  const line = Number(m[2]);
  assert.ok(line >= lineOf(text, "summary:"), error.message);
  assert.ok(line < text.split("\n").indexOf("---", 1) + 1, error.message);
});

Deno.test("a value of the wrong kind is a plain sentence, not a validator's dump", () => {
  assert.throws(
    () => parseNotebook("---\ntitle: T\nobjectives: one\n---\n", "kinds.md"),
    (e: Error) =>
      e.message === 'kinds.md:3: front matter: `objectives` should be a list, not string "one"',
  );
});

Deno.test("valid front matter is parsed with its defaults", () => {
  const nb = parseNotebook(
    "---\ntitle: T\nsummary: S\nobjectives: [one, two]\n---\n\nBody.\n",
    "nb.md",
  );
  assert.equal(nb.meta.title, "T");
  assert.deepEqual(nb.meta.objectives, ["one", "two"]);
  assert.deepEqual(nb.meta.requires, []);
  assert.deepEqual(nb.meta.sources, []);
  assert.equal(nb.meta.lang, "en");
});

Deno.test("requires and sources in front matter are kept", async () => {
  const nb = parseNotebook(await readData("every_kind_of_part.md"), "every.md");
  assert.deepEqual(nb.meta.requires, ["netns", "bridge"]);
  assert.deepEqual(nb.meta.sources, [
    { title: "K8s网络学习", author: "AGou-ops", section: "Network namespaces" },
  ]);
});
