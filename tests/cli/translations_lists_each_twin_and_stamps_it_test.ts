/**
 * `deno task translations` says whether each translation is in line with its original, and
 * `--stamp` records the original's narrative digest in the translation, all or nothing.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { denoTask } from "../support.ts";

const ORIGINAL = `---
title: Two namespaces
---

# Two namespaces

A namespace is a copy of the network stack.

\`\`\`ts id=make
await $\`ip netns add client\`;
\`\`\`
`;

const TRANSLATION = `---
title: 两个命名空间
lang: zh
translation-of: ../01-two.md
---

# 两个命名空间

网络命名空间（network namespace）是网络协议栈的一份副本。

\`\`\`ts id=make
await $\`ip netns add client\`;
\`\`\`
`;

/** A folder with an original, a second original without translation, and zh/ with one twin. */
async function twins(): Promise<{ dir: string; zh: string; twin: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "netbook-translations-" });
  await Deno.mkdir(join(dir, "zh"));
  await Deno.writeTextFile(join(dir, "01-two.md"), ORIGINAL);
  await Deno.writeTextFile(join(dir, "zh", "01-two.md"), TRANSLATION);
  return {
    dir,
    zh: join(dir, "zh"),
    twin: join(dir, "zh", "01-two.md"),
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

Deno.test("an unstamped twin is listed as not in line, with the command that stamps it", async () => {
  await using t = await twins();
  const r = await denoTask("translations", t.zh);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /✗ .*zh\/01-two\.md ← .*\/01-two\.md/);
  assert.match(
    r.stdout,
    /records no translated-from: .*deno task translations --stamp .*zh\/01-two\.md/,
  );
});

Deno.test("--stamp writes the original's digest, then the twin is in line", async () => {
  await using t = await twins();
  const s = await denoTask("translations", "--stamp", t.twin);
  assert.equal(s.code, 0, s.stdout + s.stderr);
  const text = await Deno.readTextFile(t.twin);
  const digest = /^translated-from: (sha256:[0-9a-f]{16})$/m.exec(text)?.[1];
  assert.ok(digest, text);
  assert.equal(text.replace(/^translated-from: .*\n/m, ""), TRANSLATION);
  const r = await denoTask("translations", t.zh);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`✓ .*zh/01-two\\.md ← .*01-two\\.md: in line \\(${digest}\\)`));
});

Deno.test("a twin goes stale when the English narrative changes, and says how to fix it", async () => {
  await using t = await twins();
  assert.equal((await denoTask("translations", "--stamp", t.twin)).code, 0);
  await Deno.writeTextFile(
    join(t.dir, "01-two.md"),
    ORIGINAL.replace("a copy of", "a private copy of"),
  );
  const r = await denoTask("translations", t.zh);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(
    r.stdout,
    /the English changed since the translation was last brought in line \(sha256:[0-9a-f]{16}, now sha256:[0-9a-f]{16}\): translate what changed, then run deno task translations --stamp/,
  );
});

Deno.test("a twin whose cells differ is not stamped, and its file is left as it was", async () => {
  await using t = await twins();
  const changed = TRANSLATION.replace("add client", "add 客户端");
  await Deno.writeTextFile(t.twin, changed);
  const s = await denoTask("translations", "--stamp", t.twin);
  assert.equal(s.code, 1, s.stdout + s.stderr);
  assert.match(s.stdout, /is not stamped: its cells must be its original's byte for byte first/);
  assert.match(s.stdout, /cell "make" \(.*zh\/01-two\.md:11\) differs from cell "make"/);
  assert.equal(await Deno.readTextFile(t.twin), changed);
});

Deno.test("an original without a twin in the folder is listed with the file to write", async () => {
  await using t = await twins();
  await Deno.writeTextFile(join(t.dir, "02-more.md"), ORIGINAL.replace("Two", "More"));
  const r = await denoTask("translations", t.zh);
  assert.equal(r.code, 1);
  assert.match(
    r.stdout,
    /✗ .*\/02-more\.md has no translation in .*zh: write .*zh\/02-more\.md with translation-of: \.\.\/02-more\.md/,
  );
});
