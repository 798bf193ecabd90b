/**
 * The notebook process's main thread. It runs no cell: each notebook runs in a Worker of its own
 * (cell_worker.ts) that may read the repository and nothing else, and is ended with everything
 * it left running (timers, promises) before the next notebook's worker goes on. This thread
 * holds the one channel to the run's parent, a Unix socket it connects to before any worker
 * starts, and passes what each worker says on, tagged with the worker's notebook; see
 * protocol.ts. When the parent goes away (the socket closes), this process ends.
 *
 * The whole process runs in every mode with only: read access to the repository and the run's
 * folder (workers: the repository alone), the socket, and what is already locked and cached.
 */
import { fileURLToPath } from "node:url";
import { jsonLine, readJsonLines } from "../io/json_lines.ts";
import type {
  ChildConfig,
  ChildMessage,
  ParentMessage,
  WorkerMessage,
} from "../runner/protocol.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** How many workers load ahead of the one running: its module graph loads meanwhile. */
const AHEAD = 1;

const [configJson] = Deno.args;
if (configJson === undefined) {
  throw new Error("cell_process.ts needs its configuration (JSON) as its argument");
}
const config: ChildConfig = JSON.parse(configJson);
const conn = await Deno.connect({ transport: "unix", path: config.socket });
const writer = conn.writable.getWriter();
const send = (message: ChildMessage) => void writer.write(jsonLine(message)).catch(() => {});

const workers = new Map<number, Worker>();
let started = 0;

/** Starts notebook n's worker: its module loads and waits at its first fence for the parent. */
function start(n: number): void {
  const notebook = config.notebooks[n];
  if (!notebook) {
    throw new Error(`no notebook ${n} in the configuration (it has ${config.notebooks.length})`);
  }
  const worker = new Worker(notebook.module, {
    type: "module",
    name: JSON.stringify(notebook),
    deno: {
      permissions: {
        read: [ROOT],
        write: false,
        net: false,
        env: false,
        sys: false,
        run: false,
        ffi: false,
        import: false,
      },
    },
  });
  worker.onmessage = (e: MessageEvent<WorkerMessage>) => send({ ...e.data, n });
  // What the worker could not report itself: its module did not load, or it failed to start.
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    const error = { kind: "Error", name: "Error", message: e.message };
    send({ t: "failed", n, error, site: `${e.filename}:${e.lineno}` });
  };
  workers.set(n, worker);
}

function startAhead(from: number): void {
  for (; started < Math.min(config.notebooks.length, from + 1 + AHEAD); started++) start(started);
}

startAhead(0);
try {
  for await (const message of readJsonLines<ParentMessage>(conn.readable)) {
    if ("t" in message && message.t === "stop") {
      workers.get(message.n)?.terminate();
      workers.delete(message.n);
      startAhead(message.n + 1);
      if (message.n === config.notebooks.length - 1) break;
    } else {
      const { n, ...reply } = message;
      workers.get(n)?.postMessage(reply);
    }
  }
} catch {
  // The connection broke: the parent is gone.
}
for (const worker of workers.values()) worker.terminate();
await writer.close().catch(() => {});
Deno.exit(0);
