/**
 * `deno task check stranger.md` checks as a run runs: only what netbook's lock holds, already
 * cached, nothing fetched (a server the notebook names hears nothing), the lock never rewritten,
 * and no file outside the repository read through the notebook's imports.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkNotebook } from "../../lib/check/check_notebook.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";

const LOCK = fileURLToPath(new URL("../../deno.lock", import.meta.url));

/** A notebook of one cell in a temp folder. */
async function notebookOf(dir: string, code: string) {
  const path = join(dir, "stranger.md");
  const text = "# A stranger's notebook\n\n```ts id=imports\n" + code + "\n```\n";
  await Deno.writeTextFile(path, text);
  return parseNotebook(text, path);
}

Deno.test("a check of a notebook that imports an uncached URL fetches nothing and says why", async () => {
  const dir = await Deno.makeTempDir({ prefix: "netbook-check-offline-" });
  const asked: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    asked.push(request.url);
    return new Response("export const x: number = 1;", {
      headers: { "content-type": "application/typescript" },
    });
  });
  try {
    const lock = await Deno.readFile(LOCK);
    const url = `http://127.0.0.1:${server.addr.port}/mod.ts`;
    const result = await checkNotebook(
      await notebookOf(dir, `import { x } from "${url}";\nconsole.log(x);`),
    );
    assert.equal(result.ok, false);
    const message = result.diagnostics.map((d) => d.message).join("\n");
    assert.match(message, /127\.0\.0\.1/);
    assert.match(message, /a notebook may import only what netbook's deno\.lock holds/);
    assert.deepEqual(asked, [], "the check fetched the module");
    assert.deepEqual(await Deno.readFile(LOCK), lock, "deno.lock changed");
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a check of a notebook that imports an unlocked npm package leaves the lock alone", async () => {
  const dir = await Deno.makeTempDir({ prefix: "netbook-check-offline-" });
  try {
    const lock = await Deno.readFile(LOCK);
    const result = await checkNotebook(
      await notebookOf(dir, 'import pad from "npm:left-pad@1.3.0";\nconsole.log(pad);'),
    );
    assert.equal(result.ok, false);
    const message = result.diagnostics.map((d) => d.message).join("\n");
    assert.match(message, /a notebook may import only what netbook's deno\.lock holds/);
    assert.deepEqual(await Deno.readFile(LOCK), lock, "deno.lock changed");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a check reads no file outside the repository through a notebook's imports", async () => {
  const dir = await Deno.makeTempDir({ prefix: "netbook-check-outside-" });
  try {
    // A file outside the repository whose first line a parse error would quote.
    const secret = join(dir, "secret.ts");
    await Deno.writeTextFile(secret, "netbook-secret-marker )(\n");
    for (const spec of [secret, `../../../../../../../../..${secret}`, `file://${secret}`]) {
      const result = await checkNotebook(await notebookOf(dir, `import "${spec}";`));
      assert.equal(result.ok, false, spec);
      const message = result.diagnostics.map((d) => d.message).join("\n");
      assert.match(message, new RegExp(`${secret} is outside the repository`), message);
      assert.doesNotMatch(message, /netbook-secret-marker/);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
