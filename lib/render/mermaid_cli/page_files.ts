/**
 * What a warm page loads, found in this folder's node_modules: mermaid (pinned in deno.json),
 * mermaid-cli's page, stylesheets and font embedder, and the page's own module (in_page.js).
 * Chromium will not import ES modules from file:// URLs, so the page (and the page itself) asks
 * for them under a made-up origin and the worker answers from the files, read once and kept:
 * mermaid-cli's own page and stylesheets, so that the SVGs come out as mermaid-cli draws them.
 */
import { readFile, realpath } from "node:fs/promises";
import { dirname, extname, isAbsolute, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { HTTPRequest } from "puppeteer";

export const ORIGIN = "https://mermaid-cli-intercept.invalid";

/** The stylesheets mermaid-cli's renderMermaid links, in its order: fonts an SVG may embed. */
const STYLESHEETS = [
  "@fortawesome/fontawesome-free/css/brands.css",
  "@fortawesome/fontawesome-free/css/regular.css",
  "@fortawesome/fontawesome-free/css/solid.css",
  "@fortawesome/fontawesome-free/css/fontawesome.css",
  "@fontsource-variable/recursive/index.css",
  "@fontsource/open-sans/400.css",
  "@fontsource/open-sans/400-italic.css",
  "katex/dist/katex.css",
];

const TYPES: Record<string, string> = {
  ".html": "text/html;charset=UTF-8",
  ".css": "text/css;charset=UTF-8",
  ".js": "application/javascript",
  ".mjs": "application/javascript",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".txt": "text/plain;charset=UTF-8",
  "": "text/plain;charset=UTF-8",
  ".md": "text/markdown;charset=UTF-8",
};

/** The URLs in_page.js's setup() loads. */
export interface PageUrls {
  mermaid: string;
  zenuml: string;
  tidyTree: string;
  fontEmbedder: string;
  stylesheets: string[];
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** The folder of an installed package, as Node would find it from `from` (exports ignored). */
async function packageDir(name: string, from: string): Promise<string> {
  for (let dir = from;; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    const found = await realpath(candidate).catch(() => undefined);
    if (found) return found;
    if (dirname(dir) === dir) throw new Error(`${name} is not installed (looked up from ${from})`);
  }
}

const toUrl = (path: string) => ORIGIN + pathToFileURL(path).pathname;

export class PageFiles {
  /** Times a page has loaded mermaid itself: once per warm page, however many diagrams it draws. */
  mermaidLoads = 0;
  #bytes = new Map<string, Promise<Uint8Array>>();

  private constructor(
    /**
     * mermaid-cli's blank page (a `#container` div), under ORIGIN too: Chromium reads no file of
     * netbook's (it may run as another user, who could not).
     */
    readonly index: string,
    /** in_page.js, under ORIGIN. */
    readonly inPage: string,
    readonly urls: PageUrls,
    readonly mermaidFile: string,
    readonly roots: string[],
  ) {}

  /** Finds the files; fails, naming the package, if one is not installed. */
  static async find(): Promise<PageFiles> {
    const cli = dirname(dirname(fileURLToPath(import.meta.resolve("@mermaid-js/mermaid-cli"))));
    const mermaid = join(dirname(fileURLToPath(import.meta.resolve("mermaid"))), "mermaid.esm.mjs");
    const zenuml = await packageDir("@mermaid-js/mermaid-zenuml", cli);
    const tidyTree = await packageDir("@mermaid-js/layout-tidy-tree", cli);
    const stylesheets = await Promise.all(STYLESHEETS.map(async (file) => {
      const [, name, path] = file.match(/^((?:@[^/]+\/)?[^/]+)\/(.*)$/)!;
      return toUrl(join(await packageDir(name, cli), path));
    }));
    const inPage = await realpath(join(HERE, "in_page.js"));
    return new PageFiles(
      toUrl(await realpath(join(cli, "dist", "index.html"))),
      toUrl(inPage),
      {
        mermaid: toUrl(await realpath(mermaid)),
        zenuml: toUrl(join(zenuml, "dist", "mermaid-zenuml.esm.mjs")),
        tidyTree: toUrl(join(tidyTree, "dist", "mermaid-layout-tidy-tree.esm.mjs")),
        fontEmbedder: toUrl(join(cli, "src", "browser", "fontEmbedder.js")),
        stylesheets,
      },
      await realpath(mermaid),
      [await realpath(join(HERE, "node_modules")), inPage],
    );
  }

  /**
   * Answers a page's request: a file under ORIGIN from node_modules (or in_page.js), 404 for one
   * that is not there or outside them; anything else (a diagram reaching out) is refused.
   */
  async answer(request: HTTPRequest): Promise<void> {
    const url = request.url();
    if (!url.startsWith(ORIGIN + "/")) return void await request.abort("blockedbyclient");
    const file = await this.#file(url).catch(() => undefined);
    const headers = { "Access-Control-Allow-Origin": "*" };
    if (!file) {
      const body = `File not found: ${url}`;
      return void await request.respond({ status: 404, headers, contentType: TYPES[""], body });
    }
    await request.respond({ status: 200, headers, contentType: file.type, body: file.body });
  }

  async #file(url: string): Promise<{ body: Uint8Array; type: string } | undefined> {
    const path = await realpath(fileURLToPath(new URL(new URL(url).pathname, "file://")));
    const inside = this.roots.some((root) => {
      const rel = relative(root, path);
      return rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
    });
    const type = TYPES[extname(path).toLowerCase()];
    if (!inside || type === undefined) return undefined;
    if (path === this.mermaidFile) this.mermaidLoads++;
    let body = this.#bytes.get(path);
    if (!body) this.#bytes.set(path, body = readFile(path));
    return { body: await body, type };
  }
}
