/**
 * The benchmarks' anchor (mermaid_anchor.ts: mermaid loaded once in a page, nothing else), run as
 * its own process with the renderer's packages as installed in the user's cache (pagePackages),
 * so that puppeteer stays out of the main import graph. `start()` resolves once mermaid is loaded.
 */
import { fileURLToPath } from "node:url";
import { jsonLine, readJsonLines } from "../lib/io/json_lines.ts";
import { pagePackages } from "../lib/render/mermaid_packages.ts";
import { mermaidCacheDir } from "../lib/render/mermaid_svg_cache.ts";

const path = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export class MermaidAnchor {
  #child: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #answers: AsyncGenerator<{ ready?: true; ms?: number[] }>;

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    this.#answers = readJsonLines(child.stdout);
  }

  static async start(): Promise<MermaidAnchor> {
    const { config } = await pagePackages(mermaidCacheDir());
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--quiet",
        "--frozen",
        "--config",
        config,
        path("./mermaid_anchor.ts"),
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const anchor = new MermaidAnchor(child);
    const { value } = await anchor.#answers.next();
    if (!value?.ready) throw new Error("the mermaid anchor did not start");
    return anchor;
  }

  /** Draws the diagrams one after the other in its page; the time each took there, in ms. */
  async draw(sources: string[], theme = "default"): Promise<number[]> {
    await this.#writer.write(jsonLine({ sources, theme }));
    const { value } = await this.#answers.next();
    if (!value?.ms) throw new Error("the mermaid anchor stopped");
    return value.ms;
  }

  async close(): Promise<void> {
    await this.#writer.close();
    await this.#child.status;
  }
}
