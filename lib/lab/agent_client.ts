import type { ExecResult, LabExecOptions } from "./backend.ts";

/** The agent's source: it runs inside every kind of lab (see agent.pl for its protocol). */
export const AGENT_SOURCE = await Deno.readTextFile(new URL("./agent.pl", import.meta.url));

/** Output a command may keep, per stream; the rest is counted and dropped. */
export const OUTPUT_LIMIT = 16 * 1024 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Job {
  stdout: Uint8Array[];
  stderr: Uint8Array[];
  kept: [number, number];
  dropped: number;
  started: number;
  timer?: ReturnType<typeof setTimeout>;
  timedOut?: number;
  /** A stream's output goes here as it comes, instead of being kept. */
  onData?: (chunk: Uint8Array) => void;
  resolve: (result: ExecResult) => void;
  reject: (error: Error) => void;
}

/** A command whose input and output are streams (see AgentClient.stream). */
export interface AgentStream {
  /** Feeds bytes to the command's standard input. */
  write(data: Uint8Array): void;
  /** Closes its standard input. */
  end(): void;
  /** Resolves when it has ended (its output already delivered), with its exit code. */
  done: Promise<ExecResult>;
}

/** Joins chunks into one array: linear in the total size. */
function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Speaks to a lab's agent over a pair of byte streams: sends command lines, gathers each one's
 * output and exit code, stops those that run out of time. Commands may overlap.
 */
export class AgentClient {
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #jobs = new Map<number, Job>();
  #next = 1;
  #ended?: string;
  /** Resolves once the agent has said "ready"; rejects if it ends first. */
  readonly ready: Promise<void>;
  /** Resolves once the agent's output has ended (it exited, or was killed). */
  readonly done: Promise<void>;
  #finished!: () => void;

  constructor(input: WritableStream<Uint8Array>, output: ReadableStream<Uint8Array>) {
    this.#writer = input.getWriter();
    this.done = new Promise((resolve) => this.#finished = resolve);
    this.ready = this.#read(output.getReader());
  }

  /** Why commands can no longer run, once the agent has gone. */
  get ended(): string | undefined {
    return this.#ended;
  }

  async #read(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    let buffer: Uint8Array = new Uint8Array(0);
    let readyResolve!: () => void;
    let readyReject!: (e: Error) => void;
    const ready = new Promise<void>((res, rej) => [readyResolve, readyReject] = [res, rej]);
    let isReady = false;
    const fill = async (): Promise<boolean> => {
      const { value, done } = await reader.read();
      if (done) return false;
      if (buffer.length === 0) {
        buffer = value;
      } else {
        const joined = new Uint8Array(buffer.length + value.length);
        joined.set(buffer);
        joined.set(value, buffer.length);
        buffer = joined;
      }
      return true;
    };
    (async () => {
      try {
        while (true) {
          let nl = buffer.indexOf(10);
          while (nl < 0) {
            if (!await fill()) throw new Error("the lab's agent ended");
            nl = buffer.indexOf(10);
          }
          const head = decoder.decode(buffer.subarray(0, nl)).split(" ");
          buffer = buffer.subarray(nl + 1);
          if (head[0] === "ready" && !isReady) {
            isReady = true;
            readyResolve();
            continue;
          }
          const [id, kind, value] = [Number(head[0]), head[1], Number(head[2])];
          if (!Number.isInteger(id) || !["1", "2", "x"].includes(kind) || !(value >= 0)) {
            throw new Error(`the lab's agent said something it should not: ${head.join(" ")}`);
          }
          if (kind === "x") {
            this.#finish(id, value);
            continue;
          }
          while (buffer.length < value) {
            if (!await fill()) throw new Error("the lab's agent ended in the middle of an output");
          }
          // Copy: the buffer's memory is reused as more arrives.
          this.#output(id, kind === "1" ? 0 : 1, buffer.slice(0, value));
          buffer = buffer.subarray(value);
        }
      } catch (e) {
        this.#ended = (e as Error).message;
        if (!isReady) readyReject(e as Error);
        for (const [id, job] of this.#jobs) {
          this.#jobs.delete(id);
          clearTimeout(job.timer);
          job.reject(new Error(`the lab ended while the command ran (${this.#ended})`));
        }
        this.#finished();
      }
    })();
    return await ready;
  }

  #output(id: number, stream: 0 | 1, chunk: Uint8Array): void {
    const job = this.#jobs.get(id);
    if (!job) return;
    if (job.onData) return job.onData(chunk);
    const room = OUTPUT_LIMIT - job.kept[stream];
    if (room <= 0) {
      job.dropped += chunk.length;
      return;
    }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    job.dropped += chunk.length - kept.length;
    job.kept[stream] += kept.length;
    (stream === 0 ? job.stdout : job.stderr).push(kept);
  }

  #finish(id: number, code: number, lost?: string): void {
    const job = this.#jobs.get(id);
    if (!job) return;
    this.#jobs.delete(id);
    clearTimeout(job.timer);
    const stderr = lost ? [...job.stderr, encoder.encode(`netbook: ${lost}\n`)] : job.stderr;
    job.resolve({
      stdout: concat(job.stdout, job.kept[0]),
      stderr: concat(stderr, stderr.reduce((n, c) => n + c.length, 0)),
      code: job.timedOut !== undefined ? 124 : code,
      ms: Math.round(performance.now() - job.started),
      ...(job.timedOut !== undefined ? { timedOut: job.timedOut } : {}),
      ...(job.dropped ? { dropped: job.dropped } : {}),
    });
  }

  #send(text: string, payload?: Uint8Array): void {
    const head = encoder.encode(text);
    const frame = payload ? new Uint8Array(head.length + payload.length) : head;
    if (payload) {
      frame.set(head);
      frame.set(payload, head.length);
    }
    this.#writer.write(frame).catch(() => {});
  }

  /** Runs one command line; resolves when it has ended and its output is complete. */
  exec(command: string, options: LabExecOptions = {}): Promise<ExecResult> {
    if (this.#ended) return Promise.reject(new Error(this.#ended));
    const id = this.#next++;
    const bytes = encoder.encode(command);
    return new Promise((resolve, reject) => {
      const job: Job = {
        stdout: [],
        stderr: [],
        kept: [0, 0],
        dropped: 0,
        started: performance.now(),
        resolve,
        reject,
      };
      if (options.timeout) {
        job.timer = setTimeout(() => {
          job.timedOut = options.timeout;
          this.#send(`${id} kill 0\n`);
        }, options.timeout);
      }
      this.#jobs.set(id, job);
      this.#send(`${id} run ${bytes.length}\n`, bytes);
    });
  }

  /**
   * Runs one command with its standard input and output streamed (the agent's "open"): what it
   * writes goes to `onData` as it comes; `write` feeds its input and `end` closes it.
   */
  stream(command: string, onData: (chunk: Uint8Array) => void): AgentStream {
    if (this.#ended) {
      const error = new Error(this.#ended);
      return { write() {}, end() {}, done: Promise.reject(error) };
    }
    const id = this.#next++;
    const bytes = encoder.encode(command);
    const done = new Promise<ExecResult>((resolve, reject) => {
      this.#jobs.set(id, {
        stdout: [],
        stderr: [],
        kept: [0, 0],
        dropped: 0,
        started: performance.now(),
        onData,
        resolve,
        reject,
      });
    });
    this.#send(`${id} open ${bytes.length}\n`, bytes);
    return {
      write: (data) => this.#send(`${id} in ${data.length}\n`, data),
      end: () => this.#send(`${id} eof 0\n`),
      done,
    };
  }

  /** Closes the agent's input: it exits, and its lab ends. */
  async close(): Promise<void> {
    await this.#writer.close().catch(() => {});
  }
}
