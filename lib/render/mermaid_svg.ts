import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ChromiumMissingError } from "./chromium_missing_error.ts";
import type { Diagram } from "./diagram.ts";
import workerConfig from "./mermaid_cli/deno.json" with { type: "json" };
import type { RenderAnswer, RenderRequest } from "./mermaid_cli/protocol.ts";

/** The worker's folder: its deno.json pins mermaid-cli and puppeteer, its node_modules holds them. */
const WORKER_DIR = fileURLToPath(new URL("./mermaid_cli/", import.meta.url));
const WORKER_CONFIG = fileURLToPath(new URL("./mermaid_cli/deno.json", import.meta.url));
const WORKER_SCRIPT = fileURLToPath(new URL("./mermaid_cli/render_worker.ts", import.meta.url));

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
  /**
   * Starts the worker process that renders (and starts Chromium on its first diagram); replaceable
   * for tests. Default: `deno run` of mermaid_cli/render_worker.ts with mermaid_cli/deno.json,
   * after checking that Chromium exists.
   */
  launch?: (options: MermaidWorkerOptions) => Promise<MermaidWorkerProcess>;
  /** Diagrams rendered at once (one page each). Default 4. */
  concurrency?: number;
}

/** What a worker is started with. */
export interface MermaidWorkerOptions {
  executablePath: string;
  concurrency: number;
}

/**
 * A running worker: JSON-line requests on stdin, JSON-line answers on stdout (see
 * mermaid_cli/render_worker.ts). A `Deno.ChildProcess` with piped stdio is one.
 */
export interface MermaidWorkerProcess {
  readonly stdin: WritableStream<Uint8Array>;
  readonly stdout: ReadableStream<Uint8Array>;
  /** Read, and its end quoted when the worker dies. */
  readonly stderr?: ReadableStream<Uint8Array>;
  readonly status: Promise<{ code: number }>;
}

/** What a renderer has done: tests and benchmarks read it. */
export interface MermaidRendererStats {
  /** Workers started, each with its one Chromium. */
  launches: number;
  rendered: number;
  cacheHits: number;
}

/**
 * Renders mermaid diagrams to SVG with mermaid-cli in Chromium: one worker process, with one
 * browser, for every diagram of a run, started on the first diagram that is not in the cache,
 * closed by `close()` (or `await using`). The worker runs with its own deno.json
 * (lib/render/mermaid_cli/), so its ~500 MB of packages are only installed, into that folder, when
 * an SVG is first drawn. SVGs are cached by a hash of the source, mermaid-cli's version and the
 * options, so an unchanged diagram is never rendered twice and a cache hit never starts anything.
 */
export class MermaidRenderer {
  readonly stats: MermaidRendererStats = { launches: 0, rendered: 0, cacheHits: 0 };
  readonly cacheDir: string;
  #o: Required<Omit<MermaidRendererOptions, "cacheDir">>;
  #worker: Promise<WorkerClient> | undefined;
  #pending = new Map<string, Promise<string>>();

  constructor(options: MermaidRendererOptions = {}) {
    this.cacheDir = options.cacheDir ??
      fileURLToPath(new URL("../../.cache/mermaid/", import.meta.url));
    this.#o = {
      theme: options.theme ?? "default",
      fontEmbed: options.fontEmbed ?? true,
      backgroundColor: options.backgroundColor ?? "white",
      executablePath: options.executablePath ?? envExecutable() ?? "/usr/bin/chromium",
      launch: options.launch ?? spawnWorker,
      concurrency: options.concurrency ?? 4,
    };
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

  /**
   * Stops the worker, if one was started, once the diagrams it is drawing are done; it closes the
   * browser. The renderer may be used again afterwards.
   */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await (await worker.catch(() => undefined))?.close();
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
    const worker = await this.#startWorker();
    const { theme, fontEmbed, backgroundColor } = this.#o;
    const answer = await worker.request({ source, theme, fontEmbed, backgroundColor, svgId });
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
      const { executablePath, concurrency } = this.#o;
      const forget = () => { // the next diagram starts another
        if (this.#worker === worker) this.#worker = undefined;
      };
      const worker = this.#o.launch({ executablePath, concurrency })
        .then((process) => new WorkerClient(process, forget));
      worker.catch(forget);
      this.#worker = worker;
    }
    return this.#worker;
  }
}

/** One worker process seen from the renderer: requests out, answers matched back by id. */
class WorkerClient {
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #waiting = new Map<number, (answer: RenderAnswer | Error) => void>();
  #lastId = 0;
  #stderr = "";
  #gone: Error | undefined;
  #done: Promise<void>;

  constructor(process: MermaidWorkerProcess, onExit: () => void) {
    this.#writer = process.stdin.getWriter();
    this.#done = Promise.all([
      this.#readAnswers(process.stdout),
      process.stderr ? this.#keepStderrTail(process.stderr) : undefined,
      process.status,
    ]).then(([, , status]) => {
      const tail = this.#stderr.trim().split("\n").slice(-8).join("\n");
      this.#gone = new Error(
        `the mermaid worker (${WORKER_SCRIPT}) exited with code ${status.code}` +
          (tail ? `:\n${tail}` : ""),
      );
      for (const settle of this.#waiting.values()) settle(this.#gone);
      this.#waiting.clear();
      onExit();
    });
  }

  async request(request: Omit<RenderRequest, "id">): Promise<RenderAnswer> {
    if (this.#gone) throw this.#gone;
    const id = ++this.#lastId;
    const answer = new Promise<RenderAnswer | Error>((settle) => this.#waiting.set(id, settle));
    const line = new TextEncoder().encode(JSON.stringify({ id, ...request }) + "\n");
    this.#writer.write(line).catch((error) => {
      this.#waiting.get(id)?.(
        new Error(`could not write to the mermaid worker: ${error}`, { cause: error }),
      );
      this.#waiting.delete(id);
    });
    const result = await answer;
    if (result instanceof Error) throw result;
    return result;
  }

  /** Closes the worker's stdin: it finishes what it has started, closes Chromium and exits. */
  async close(): Promise<void> {
    await this.#writer.close().catch(() => {}); // already gone
    await this.#done;
  }

  async #readAnswers(stdout: ReadableStream<Uint8Array>): Promise<void> {
    let buffer = "";
    for await (const chunk of stdout.pipeThrough(new TextDecoderStream())) {
      buffer += chunk;
      let newline;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (!line.trim()) continue;
        let answer: RenderAnswer;
        try {
          answer = JSON.parse(line);
        } catch {
          this.#stderr += `${line}\n`; // not an answer: something printed it; keep it for errors
          continue;
        }
        this.#waiting.get(answer.id)?.(answer);
        this.#waiting.delete(answer.id);
      }
    }
  }

  async #keepStderrTail(stderr: ReadableStream<Uint8Array>): Promise<void> {
    for await (const chunk of stderr.pipeThrough(new TextDecoderStream())) {
      this.#stderr = (this.#stderr + chunk).slice(-4000);
    }
  }
}

/** Starts render_worker.ts with its own deno.json, once Chromium is known to be there. */
async function spawnWorker(
  { executablePath, concurrency }: MermaidWorkerOptions,
): Promise<MermaidWorkerProcess> {
  try {
    await Deno.stat(executablePath);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new ChromiumMissingError(executablePath);
    throw error;
  }
  const args = ["run", "-A", "--quiet", "--config", WORKER_CONFIG, WORKER_SCRIPT];
  args.push(resolve(executablePath), String(concurrency));
  return new Deno.Command(Deno.execPath(), {
    args,
    cwd: WORKER_DIR,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

function envExecutable(): string | undefined {
  try {
    return Deno.env.get("PUPPETEER_EXECUTABLE_PATH") || undefined;
  } catch {
    return undefined; // no --allow-env
  }
}

/** mermaid-cli's version, as the worker's deno.json pins it: part of every cache key. */
function mermaidCliVersion(): string {
  const specifier = workerConfig.imports["@mermaid-js/mermaid-cli"];
  return specifier.match(/mermaid-cli@([^/]+)/)?.[1] ?? specifier;
}
