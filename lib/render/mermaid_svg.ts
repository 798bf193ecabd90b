import { ChromiumMissingError } from "./chromium_missing_error.ts";
import type { Diagram } from "./diagram.ts";
import { mermaidCacheDir, SvgCache, type SvgKey } from "./mermaid_svg_cache.ts";
import {
  type MermaidWorkerOptions,
  type MermaidWorkerProcess,
  spawnWorker,
  WorkerClient,
} from "./mermaid_svg_worker.ts";

export type { MermaidWorkerOptions, MermaidWorkerProcess } from "./mermaid_svg_worker.ts";

export interface MermaidRendererOptions {
  /**
   * The diagram cache, shared by every clone and run: SVGs go in a folder per renderer version
   * under it. Default `$XDG_CACHE_HOME/netbook/mermaid`, else `~/.cache/netbook/mermaid`.
   */
  cacheDir?: string;
  /** Mermaid theme. Default "default". */
  theme?: "default" | "neutral" | "dark" | "forest" | "base";
  /** Default $PUPPETEER_EXECUTABLE_PATH, else /usr/bin/chromium (Debian's `chromium`). */
  executablePath?: string;
  /**
   * Starts the worker process that renders (and starts Chromium); replaceable for tests.
   * Default: `deno run` of mermaid_page/render_worker.ts with its packages' deno.json in the
   * cache, after checking that Chromium exists.
   */
  launch?: (options: MermaidWorkerOptions) => Promise<MermaidWorkerProcess>;
}

/** What a renderer has done: tests and benchmarks read it. */
export interface MermaidRendererStats {
  /** Workers started, each with its one Chromium. */
  launches: number;
  rendered: number;
  cacheHits: number;
  /** Times a page loaded mermaid: once per warm page, not once per diagram. */
  mermaidLoads: number;
  /** SVGs drawn that could not be kept in the cache (see `cacheError`). */
  unsaved: number;
}

/**
 * Renders mermaid diagrams to SVG in Chromium with mermaid's own API (`mermaid.render` in a page
 * that loaded mermaid's bundle once): one worker process, one browser, one page, for every
 * diagram of a run; started on the first diagram that is not in the cache, closed by `close()`
 * (or `await using`). The worker's packages (mermaid, puppeteer-core) are installed once into
 * the user's cache folder, never into the clone, and stay out of the main import graph. SVGs are
 * cached there too, by a hash of the source and the theme, under the renderer's version: an
 * unchanged diagram is drawn once per machine, and a cache hit never starts anything.
 */
export class MermaidRenderer {
  readonly stats: MermaidRendererStats = {
    launches: 0,
    rendered: 0,
    cacheHits: 0,
    mermaidLoads: 0,
    unsaved: 0,
  };
  readonly cacheDir: string;
  /** Why the last SVG that could not be cached was not (the SVG was returned all the same). */
  cacheError: Error | undefined;
  #cache: SvgCache;
  #o: Required<Omit<MermaidRendererOptions, "cacheDir">>;
  #root: string;
  #worker: Promise<WorkerClient> | undefined;
  #pending = new Map<string, Promise<string>>();

  constructor(options: MermaidRendererOptions = {}) {
    this.cacheDir = options.cacheDir ?? mermaidCacheDir();
    this.#root = this.cacheDir;
    this.#cache = new SvgCache(this.cacheDir);
    this.#o = {
      theme: options.theme ?? "default",
      executablePath: options.executablePath ?? envExecutable() ?? "/usr/bin/chromium",
      launch: options.launch ?? spawnWorker,
    };
  }

  /** The file an SVG for this diagram is cached in, whether or not it is there yet. */
  cacheFile(diagram: string | Diagram): string {
    return this.#cache.file(this.#key(diagram));
  }

  /** The SVG for a diagram, from the cache or freshly rendered; attached to a Diagram given. */
  async render(diagram: string | Diagram): Promise<string> {
    const key = this.#key(diagram);
    const file = this.#cache.file(key);
    let svg = this.#pending.get(file);
    if (!svg) {
      svg = this.#cachedOrDrawn(key).finally(() => this.#pending.delete(file));
      this.#pending.set(file, svg);
    }
    const text = await svg;
    if (typeof diagram !== "string") diagram.attachSvg(text);
    return text;
  }

  /**
   * Starts the worker (Chromium, a page with mermaid loaded) ahead of the first diagram, e.g. while
   * notebooks replay; it is the worker the diagrams then use. Never fails: a failure is reported
   * by the first diagram.
   */
  warm(): void {
    this.#startWorker().catch(() => {});
  }

  /**
   * Stops the worker, if one was started, once the diagrams it is drawing are done; it closes the
   * browser. The renderer may be used again afterwards.
   */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await (await worker.catch(() => undefined))?.close();
  }

  /** Stops the worker at once, if one was started: diagrams being drawn fail; Chromium is gone. */
  async kill(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await (await worker.catch(() => undefined))?.kill();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #key(diagram: string | Diagram): SvgKey {
    const source = (typeof diagram === "string" ? diagram : diagram.source).replace(/\s+$/, "");
    return { source, theme: this.#o.theme };
  }

  async #cachedOrDrawn(key: SvgKey): Promise<string> {
    const cached = await this.#cache.read(key);
    if (cached !== undefined) {
      this.stats.cacheHits++;
      return cached;
    }
    const svg = await this.#draw(key, `mermaid-${this.#cache.hash(key).slice(0, 12)}`);
    await this.#cache.write(key, svg).catch((error) => {
      this.stats.unsaved++;
      this.cacheError = error;
    });
    return svg;
  }

  async #draw(key: SvgKey, svgId: string): Promise<string> {
    const worker = await this.#startWorker();
    const { source, theme } = key;
    const answer = await worker.request({ source, theme, svgId });
    if ("svg" in answer) {
      this.stats.rendered++;
      return answer.svg;
    }
    const cause = new Error(answer.error);
    const reason = answer.error.split("\n").slice(0, 4).join("\n");
    switch (answer.kind) {
      case "chromium-missing":
        throw new ChromiumMissingError(this.#o.executablePath);
      case "launch":
        throw new Error(`Chromium (${this.#o.executablePath}) did not start:\n${reason}`, {
          cause,
        });
      default:
        throw new Error(`mermaid could not render the diagram:\n${reason}`, { cause });
    }
  }

  #startWorker(): Promise<WorkerClient> {
    if (!this.#worker) {
      this.stats.launches++;
      const { executablePath } = this.#o;
      const forget = () => { // the next diagram starts another
        if (this.#worker === worker) this.#worker = undefined;
      };
      const worker = this.#o.launch({ executablePath, cacheDir: this.#root })
        .then((process) =>
          new WorkerClient(process, {
            onExit: forget,
            onMermaidLoads: (more) => this.stats.mermaidLoads += more,
          })
        );
      worker.catch(forget);
      this.#worker = worker;
    }
    return this.#worker;
  }
}

function envExecutable(): string | undefined {
  try {
    return Deno.env.get("PUPPETEER_EXECUTABLE_PATH") || undefined;
  } catch {
    return undefined; // no --allow-env
  }
}
