/**
 * A mermaid worker played in memory (no Chromium, no mermaid), for MermaidRenderer's `launch`:
 * it answers each request with `reply`, or dies (exit 1, writing `stderr`) when `reply` returns
 * undefined.
 */
import type { RenderAnswer, RenderRequest } from "../../lib/render/mermaid_page/protocol.ts";
import type { MermaidWorkerProcess } from "../../lib/render/mermaid_svg.ts";

export class FakeWorker implements MermaidWorkerProcess {
  readonly requests: RenderRequest[] = [];
  readonly stdin: WritableStream<Uint8Array>;
  readonly stdout: ReadableStream<Uint8Array>;
  readonly stderr: ReadableStream<Uint8Array>;
  readonly status: Promise<{ code: number }>;
  #out: WritableStreamDefaultWriter<Uint8Array>;
  #err: WritableStreamDefaultWriter<Uint8Array>;
  #exit!: (status: { code: number }) => void;
  #exited = false;

  constructor(reply: (request: RenderRequest) => RenderAnswer | undefined, stderr = "") {
    const out = new TransformStream<Uint8Array, Uint8Array>();
    const err = new TransformStream<Uint8Array, Uint8Array>();
    this.stdout = out.readable;
    this.stderr = err.readable;
    this.#out = out.writable.getWriter();
    this.#err = err.writable.getWriter();
    this.status = new Promise((exit) => this.#exit = exit);
    let buffer = "";
    this.stdin = new WritableStream({
      write: async (chunk) => {
        buffer += new TextDecoder().decode(chunk);
        for (let nl; (nl = buffer.indexOf("\n")) >= 0; buffer = buffer.slice(nl + 1)) {
          const request = JSON.parse(buffer.slice(0, nl));
          this.requests.push(request);
          const answer = reply(request);
          if (!answer) return await this.#die(1, stderr);
          await this.#out.write(new TextEncoder().encode(JSON.stringify(answer) + "\n"));
        }
      },
      close: () => this.#die(0),
    });
  }

  async #die(code: number, stderr = "") {
    if (this.#exited) return;
    this.#exited = true;
    if (stderr) await this.#err.write(new TextEncoder().encode(stderr));
    await Promise.all([this.#out.close(), this.#err.close()]);
    this.#exit({ code });
  }
}

/** An answer that names the request's id and theme, from a worker with one warm page. */
export const svgFor = (request: RenderRequest): RenderAnswer => ({
  id: request.id,
  svg: `<svg id="${request.svgId}">${request.theme}</svg>`,
  mermaidLoads: 1,
});

/** A temporary cache folder, removed by `await using`. */
export async function tempCache() {
  const dir = await Deno.makeTempDir({ prefix: "netbook-mermaid-" });
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}
