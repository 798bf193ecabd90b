import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "puppeteer";
import { ChromiumMissingError } from "./chromium_missing_error.ts";
import type { Diagram } from "./diagram.ts";

/** Flags for Debian's Chromium in containers and CI: no sandbox, GPU, or background traffic. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--headless",
];

export interface MermaidRendererOptions {
  /** Where rendered SVGs are kept, by content hash. Default `<repo>/.cache/mermaid/`. */
  cacheDir?: string;
  /** Mermaid theme. Default "default". */
  theme?: "default" | "neutral" | "dark" | "forest" | "base";
  /** Embed the fonts the SVG uses, so it looks the same everywhere (~170 kB). Default true. */
  fontEmbed?: boolean;
  /** Default "white". */
  backgroundColor?: string;
  /** Default $PUPPETEER_EXECUTABLE_PATH, else /usr/bin/chromium (Debian's `chromium`). */
  executablePath?: string;
  /** Starts the browser; replaceable for tests. Default: puppeteer with Debian's Chromium. */
  launch?: (executablePath: string) => Promise<Browser>;
  /** Diagrams rendered at once (one page each). Default 4. */
  concurrency?: number;
}

/** What a renderer has done: tests and benchmarks read it. */
export interface MermaidRendererStats {
  launches: number;
  rendered: number;
  cacheHits: number;
}

/**
 * Renders mermaid diagrams to SVG with mermaid-cli in Chromium: one browser for every diagram of a
 * run, started on the first diagram that is not in the cache, closed by `close()` (or `await
 * using`). SVGs are cached by a hash of the source, mermaid-cli's version and the options, so an
 * unchanged diagram is never rendered twice and a cache hit never starts the browser.
 */
export class MermaidRenderer {
  readonly stats: MermaidRendererStats = { launches: 0, rendered: 0, cacheHits: 0 };
  readonly cacheDir: string;
  #o: Required<Omit<MermaidRendererOptions, "cacheDir">>;
  #browser: Promise<Browser> | undefined;
  #pending = new Map<string, Promise<string>>();
  #slots: number;
  #waiting: (() => void)[] = [];

  constructor(options: MermaidRendererOptions = {}) {
    this.cacheDir = options.cacheDir ??
      fileURLToPath(new URL("../../.cache/mermaid/", import.meta.url));
    this.#o = {
      theme: options.theme ?? "default",
      fontEmbed: options.fontEmbed ?? true,
      backgroundColor: options.backgroundColor ?? "white",
      executablePath: options.executablePath ?? envExecutable() ?? "/usr/bin/chromium",
      launch: options.launch ?? launchChromium,
      concurrency: options.concurrency ?? 4,
    };
    this.#slots = this.#o.concurrency;
  }

  /** The SVG for a diagram, from the cache or freshly rendered; attached to a Diagram given. */
  async render(diagram: string | Diagram): Promise<string> {
    const source = (typeof diagram === "string" ? diagram : diagram.source).replace(/\s+$/, "");
    const key = this.#key(source);
    let svg = this.#pending.get(key);
    if (!svg) {
      svg = this.#cachedOrDrawn(key, source).finally(() => this.#pending.delete(key));
      this.#pending.set(key, svg);
    }
    const text = await svg;
    if (typeof diagram !== "string") diagram.attachSvg(text);
    return text;
  }

  /** Closes the browser, if one was started. The renderer may be used again afterwards. */
  async close(): Promise<void> {
    const browser = this.#browser;
    this.#browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #key(source: string): string {
    const { theme, fontEmbed, backgroundColor } = this.#o;
    const what = { source, mermaidCli: mermaidCliVersion(), theme, fontEmbed, backgroundColor };
    return createHash("sha256").update(JSON.stringify(what)).digest("hex");
  }

  async #cachedOrDrawn(key: string, source: string): Promise<string> {
    const file = join(this.cacheDir, `${key}.svg`);
    const cached = await readFile(file, "utf8").catch(() => undefined);
    if (cached !== undefined) {
      this.stats.cacheHits++;
      return cached;
    }
    const svg = await this.#draw(source, `mermaid-${key.slice(0, 12)}`);
    await mkdir(this.cacheDir, { recursive: true });
    const temp = `${file}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, svg);
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return svg;
  }

  async #draw(source: string, svgId: string): Promise<string> {
    const [browser, { renderMermaid }] = await Promise.all([
      this.#startBrowser(),
      import("@mermaid-js/mermaid-cli"),
    ]);
    if (this.#slots > 0) this.#slots--;
    else await new Promise<void>((go) => this.#waiting.push(go));
    try {
      const { theme, fontEmbed, backgroundColor } = this.#o;
      const { data } = await renderMermaid(browser, source, "svg", {
        mermaidConfig: { theme },
        fontEmbed,
        backgroundColor,
        svgId, // unique, so that several SVGs on one HTML page keep their own styles
      });
      this.stats.rendered++;
      return new TextDecoder().decode(data);
    } catch (error) {
      const reason = String((error as Error)?.message ?? error).split("\n").slice(0, 4);
      throw new Error(`mermaid could not render the diagram:\n${reason.join("\n")}`, {
        cause: error,
      });
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#slots++;
    }
  }

  #startBrowser(): Promise<Browser> {
    if (!this.#browser) {
      this.stats.launches++;
      const browser = this.#o.launch(this.#o.executablePath);
      browser.catch(() => { // the next diagram tries again
        if (this.#browser === browser) this.#browser = undefined;
      });
      this.#browser = browser;
    }
    return this.#browser;
  }
}

async function launchChromium(executablePath: string): Promise<Browser> {
  try {
    await Deno.stat(executablePath);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new ChromiumMissingError(executablePath);
    throw error;
  }
  const { default: puppeteer } = await import("puppeteer");
  return await puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

function envExecutable(): string | undefined {
  try {
    return Deno.env.get("PUPPETEER_EXECUTABLE_PATH") || undefined;
  } catch {
    return undefined; // no --allow-env
  }
}

/** mermaid-cli's version, as deno.json pins it: part of every cache key. */
function mermaidCliVersion(): string {
  const url = import.meta.resolve("@mermaid-js/mermaid-cli");
  return url.match(/mermaid-cli@([^/]+)/)?.[1] ?? url;
}
