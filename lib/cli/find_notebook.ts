import { basename } from "node:path";
import { curriculumPaths, LANGS } from "./curriculum.ts";
import { nearest } from "./suggest.ts";
import { messagesFor } from "../i18n/messages.ts";

/**
 * The notebook a learner means: a path that exists, or a curriculum notebook named by its number
 * (`01`), its file name (`01-netns-veth.md`), its name without `.md`, or a word of it (`bridge`),
 * in the curriculum of `lang` (default English), or of the language it starts with (`zh/07`).
 * Throws an Error that lists the candidates, or suggests the nearest name, when it is not one.
 */
export async function findNotebook(arg: string, lang = "en"): Promise<string> {
  if (await Deno.stat(arg).then(() => true, () => false)) return arg;
  const asked = arg;
  const prefix = /^([a-z]{2})\//.exec(arg)?.[1];
  if (prefix && (LANGS as readonly string[]).includes(prefix)) {
    lang = prefix;
    arg = arg.slice(3);
  }
  const m = messagesFor(lang);
  const paths = await curriculumPaths(lang);
  const stem = arg.replace(/^.*\//, "").replace(/\.md$/, "");
  const hits = paths.filter((p) => {
    const name = basename(p).replace(/\.md$/, "");
    return name === stem || name.startsWith(`${stem}-`) || name.split("-").slice(1).includes(stem);
  });
  if (hits.length > 1) {
    throw new Error(m.couldBe(asked, hits.join(m.or)));
  }
  if (hits[0] !== undefined) return hits[0];
  // Nearest by the whole name, or by one of its words (a typo in "bridge").
  const words = new Map<string, string>();
  for (const p of paths) {
    const name = basename(p).replace(/\.md$/, "");
    words.set(name, p);
    for (const word of name.split("-").slice(1)) if (!words.has(word)) words.set(word, p);
  }
  const near = nearest(stem, [...words.keys()]);
  const what = /\/|\.md$/.test(arg) ? m.noNotebookAt(asked) : m.noNotebook(asked);
  throw new Error(
    what + (near ? m.didYouMean(words.get(near)!) : "") + m.listThem,
  );
}
