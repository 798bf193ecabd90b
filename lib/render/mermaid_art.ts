/**
 * Mermaid art with a time limit. beautiful-mermaid's layout loops for minutes on some small
 * diagrams (a flowchart TB of five nodes, say), and cannot be interrupted; so it runs in a
 * worker, and the caller waits for its answer (synchronously, so that renderers stay pure
 * functions) for a limited time. A drawing that takes too long is given up and the worker
 * replaced.
 */

/** How long a drawing may take, and the first one, which also loads the drawing engine. */
const LIMIT_MS = 2_000;
const FIRST_LIMIT_MS = 15_000;
const ANSWER_BYTES = 1 << 20;

let worker: Worker | undefined;
let fresh = true;
const state = new Int32Array(new SharedArrayBuffer(8));
const data = new Uint8Array(new SharedArrayBuffer(ANSWER_BYTES));

function start(): Worker {
  fresh = true;
  return new Worker(new URL("./mermaid_art_worker.ts", import.meta.url), { type: "module" });
}

/**
 * Starts the worker, if it is not running, without waiting for it: it loads the drawing engine
 * while the caller does other work (the CLI, while the notebook process starts).
 */
export function warmArt(): void {
  worker ??= start();
}

/** Stops the worker (it is started again when needed). */
export function closeArtWorker(): void {
  worker?.terminate();
  worker = undefined;
}

/**
 * Draws `source` as art (beautiful-mermaid's renderMermaidASCII with `options`). Throws an
 * Error with its message when it cannot draw it, or when the drawing takes too long.
 */
export function drawArt(source: string, options: Record<string, unknown>): string {
  worker ??= start();
  Atomics.store(state, 0, 0);
  worker.postMessage({ source, options, state, data });
  const waited = Atomics.wait(state, 0, 0, fresh ? FIRST_LIMIT_MS : LIMIT_MS);
  if (waited === "timed-out") {
    closeArtWorker();
    throw new Error("its drawing took too long");
  }
  fresh = false;
  const answer = new TextDecoder().decode(data.slice(0, Atomics.load(state, 1)));
  const nl = answer.indexOf("\n");
  if (answer.slice(0, nl) !== "ok") throw new Error(answer.slice(nl + 1));
  return answer.slice(nl + 1);
}
