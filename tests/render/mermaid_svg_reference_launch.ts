/**
 * Starts mermaid-cli's renderMermaid behind the worker protocol (mermaid_svg_reference_worker.ts,
 * a new page for every diagram), with the renderer's own config: puppeteer stays out of the main
 * graph. A `launch` for MermaidRenderer, for the tests and the benchmarks that compare with it.
 */
import { fileURLToPath } from "node:url";
import type { MermaidWorkerOptions } from "../../lib/render/mermaid_svg.ts";

const path = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export function launchReferenceWorker(
  { executablePath }: MermaidWorkerOptions,
  stderr: "piped" | "inherit" = "piped",
): Promise<Deno.ChildProcess> {
  return Promise.resolve(
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--quiet",
        "--config",
        path("../../lib/render/mermaid_cli/deno.json"),
        path("./mermaid_svg_reference_worker.ts"),
        executablePath,
      ],
      stdin: "piped",
      stdout: "piped",
      stderr,
    }).spawn(),
  );
}
