/**
 * What the embedder tests share: a notebook written to a fresh folder and parsed, as an embedder
 * would do it, with nothing but the public entry point (runtime.ts).
 */
import { join } from "node:path";
import { type Notebook, parseNotebook } from "../../runtime.ts";

/** A notebook of `cells` (fence line and code each) in a folder of its own, and its fixture. */
export interface EmbeddedNotebook {
  notebook: Notebook;
  fixture: string;
  /** The same notebook with other cells, at the same path (as after an edit). */
  rewrite(cells: [fence: string, code: string][]): Promise<Notebook>;
  [Symbol.asyncDispose](): Promise<void>;
}

function text(cells: [string, string][]): string {
  return `---\ntitle: An embedder's notebook\n---\n\n` +
    cells.map(([fence, code]) => `\`\`\`${fence}\n${code}\n\`\`\`\n`).join("\n");
}

export async function embedded(cells: [fence: string, code: string][]): Promise<EmbeddedNotebook> {
  const dir = await Deno.makeTempDir({ prefix: "netbook-embedder-" });
  const path = join(dir, "embedded.md");
  const write = async (cells: [string, string][]) => {
    await Deno.writeTextFile(path, text(cells));
    return parseNotebook(text(cells), path);
  };
  return {
    notebook: await write(cells),
    fixture: join(dir, "embedded.fixture.json"),
    rewrite: write,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}
