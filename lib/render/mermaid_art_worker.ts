/**
 * Draws mermaid art with beautiful-mermaid, off the main thread, for mermaid_art.ts: its layout
 * can loop for minutes on some diagrams, and only a worker can be stopped. Each request carries
 * the shared memory to answer in: `state[0]` becomes 1 when done, `state[1]` is the answer's
 * length, `data` holds "ok\n" + the art, or "error\n" + why.
 */
import { renderMermaidASCII } from "../npm/beautiful_mermaid.ts";

interface Request {
  source: string;
  options: Record<string, unknown>;
  state: Int32Array;
  data: Uint8Array;
}

const encoder = new TextEncoder();

self.onmessage = (e: MessageEvent<Request>) => {
  const { source, options, state, data } = e.data;
  let answer: string;
  try {
    answer = "ok\n" + renderMermaidASCII(source, options);
  } catch (error) {
    answer = "error\n" + (error instanceof Error ? error.message : String(error));
  }
  const bytes = encoder.encode(answer).subarray(0, data.length);
  data.set(bytes);
  Atomics.store(state, 1, bytes.length);
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
};
