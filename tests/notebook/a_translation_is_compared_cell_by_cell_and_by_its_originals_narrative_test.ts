/**
 * A translation (`translation-of:`) has its original's cells byte for byte and records, in
 * `translated-from:`, the digest of the original's narrative it was last brought in line with.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import {
  cellDifferences,
  narrativeDigest,
  narrativeOf,
  stampTranslation,
  translationState,
} from "../../lib/notebook/translation.ts";

const ORIGINAL = [
  "---",
  "title: Two namespaces",
  "---",
  "",
  "# Two namespaces",
  "",
  "A namespace is a copy of the network stack.",
  "",
  "```ts id=make",
  "await $`ip netns add client`;",
  "```",
  "",
  "Now look at it.",
  "",
  "```ts id=look timeout=20s",
  "// what is in it",
  "await $`ip netns exec client ip link`;",
  "```",
  "",
].join("\n");

const TRANSLATION = [
  "---",
  "title: 两个命名空间",
  "lang: zh",
  "translation-of: ../01-two.md",
  "---",
  "",
  "# 两个命名空间",
  "",
  "网络命名空间（network namespace）是网络协议栈的一份副本。",
  "",
  "```ts id=make",
  "await $`ip netns add client`;",
  "```",
  "",
  "看看里面有什么。",
  "",
  "```ts id=look timeout=20s",
  "// what is in it",
  "await $`ip netns exec client ip link`;",
  "```",
  "",
].join("\n");

const original = () => parseNotebook(ORIGINAL, "notebooks/01-two.md");
const translated = (text = TRANSLATION) => parseNotebook(text, "notebooks/zh/01-two.md");

Deno.test("the same cells under another narrative are no difference", () => {
  assert.deepEqual(cellDifferences(original(), translated()), []);
});

Deno.test("a cell whose code differs is named, in both files, with the line", () => {
  const text = TRANSLATION.replace("ip netns exec client ip link", "ip netns exec client ip addr");
  const [problem, ...more] = cellDifferences(original(), translated(text));
  assert.equal(more.length, 0);
  assert.match(problem ?? "", /cell "look" \(notebooks\/zh\/01-two\.md:17\)/);
  assert.match(problem ?? "", /cell "look" \(notebooks\/01-two\.md:15\)/);
  assert.match(problem ?? "", /at line 19 of the translation \(line 17 of the original\)/);
  assert.match(problem ?? "", /ip addr.* instead of .*ip link/);
});

Deno.test("a translated comment inside a cell is a difference", () => {
  const text = TRANSLATION.replace("// what is in it", "// 里面有什么");
  assert.match(cellDifferences(original(), translated(text)).join("\n"), /cell "look"/);
});

Deno.test("a cell whose fence options differ is named with both fence lines", () => {
  const text = TRANSLATION.replace("```ts id=look timeout=20s", "```ts id=look timeout=30s");
  const problems = cellDifferences(original(), translated(text));
  assert.equal(problems.length, 1);
  assert.ok(
    problems[0]?.includes("opens with `\u0060\u0060\u0060ts id=look timeout=30s`"),
    problems[0],
  );
  assert.match(problems[0] ?? "", /timeout=20s/);
});

Deno.test("a cell the translation lacks, or adds, is named", () => {
  const lacking = TRANSLATION.replace(/```ts id=look[\s\S]*?```\n/, "");
  assert.match(
    cellDifferences(original(), translated(lacking))[0] ?? "",
    /cell "look" .* is missing from notebooks\/zh\/01-two\.md/,
  );
  const adding = TRANSLATION + "```ts id=extra\nawait $`ip link`;\n```\n";
  assert.match(
    cellDifferences(original(), translated(adding))[0] ?? "",
    /cell "extra" .* is not in notebooks\/01-two\.md/,
  );
});

Deno.test("the narrative digest is SHA-256 of the file without its cells' lines, 16 hex digits", () => {
  const narrative = narrativeOf(original());
  assert.ok(!narrative.includes("ip netns"), narrative);
  assert.ok(narrative.includes("A namespace is a copy") && narrative.includes("title: Two"));
  const hex = createHash("sha256").update(narrative).digest("hex").slice(0, 16);
  assert.equal(narrativeDigest(original()), `sha256:${hex}`);
});

Deno.test("the digest follows the narrative and the front matter, not the code", () => {
  const digest = narrativeDigest(original());
  const prose = parseNotebook(ORIGINAL.replace("Now look", "Now look closely"), "a.md");
  assert.notEqual(narrativeDigest(prose), digest);
  const front = parseNotebook(ORIGINAL.replace("title: Two", "title: Twin"), "a.md");
  assert.notEqual(narrativeDigest(front), digest);
  const code = parseNotebook(ORIGINAL.replace("add client", "add server"), "a.md");
  assert.equal(narrativeDigest(code), digest);
});

Deno.test("a translation is in line once stamped with the original's digest, and not after the English changes", () => {
  const before = translationState(original(), translated());
  assert.equal(before.current, false);
  assert.equal(before.recorded, undefined);
  const stamped = stampTranslation(TRANSLATION, before.digest, "notebooks/zh/01-two.md");
  assert.match(
    stamped,
    /^translation-of: \.\.\/01-two\.md\ntranslated-from: sha256:[0-9a-f]{16}$/m,
  );
  assert.equal(translated(stamped).meta.translatedFrom, before.digest);
  assert.equal(translationState(original(), translated(stamped)).current, true);
  const changed = parseNotebook(ORIGINAL.replace("Now look", "Then look"), "notebooks/01-two.md");
  const after = translationState(changed, translated(stamped));
  assert.equal(after.current, false);
  assert.equal(after.recorded, before.digest);
  assert.notEqual(after.digest, before.digest);
  // Stamping again replaces the line, never adds a second one.
  const again = stampTranslation(stamped, after.digest, "notebooks/zh/01-two.md");
  assert.equal(again.match(/^translated-from:/gm)?.length, 1);
  assert.equal(translationState(changed, translated(again)).current, true);
});

Deno.test("stamping a notebook that translates nothing is refused with its path", () => {
  assert.throws(
    () => stampTranslation(ORIGINAL, "sha256:0123456789abcdef", "notebooks/01-two.md"),
    /notebooks\/01-two\.md:1: not a translation/,
  );
});
