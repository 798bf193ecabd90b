import type { ExecResult, LabExecOptions } from "./backend.ts";

/** The agent's source: it runs inside every kind of lab (see agent.pl for its protocol). */
export const AGENT_SOURCE = await Deno.readTextFile(new URL("./agent.pl", import.meta.url));

/** The agent's own number (`my $NAME = 123;` in agent.pl): one place says it, the agent. */
function agentNumber(name: string): number {
  const m = new RegExp(`^my \\$${name} = (\\d+);`, "m").exec(AGENT_SOURCE);
  if (!m) throw new Error(`lib/lab/agent.pl does not say its $${name}`);
  return Number(m[1]);
}

/** Output a command may keep, per stream; the agent counts and drops the rest as it is printed. */
export const OUTPUT_LIMIT = agentNumber("OUTPUT_LIMIT");
/** The agent sends a stream in frames of at least this many bytes, but for the last one. */
const CHUNK = agentNumber("CHUNK");
/** The longest output frame an agent sends (a chunk, plus less than one read more). */
const MAX_FRAME = 2 * CHUNK;
/** The longest header line ("<id> <kind> <number> <number> <token>"). */
const MAX_HEAD = 96;
/** How long after its time limit a command must have ended (the agent kills it after 2 s). */
export const STOP_GRACE_MS = 5_000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Job {
  command: string;
  /** Said back with the command's end: whoever else speaks on the channel cannot know it. */
  token: string;
  stdout: Uint8Array[];
  stderr: Uint8Array[];
  kept: [number, number];
  /** A stream whose short, so last, frame has come. */
  closed: [boolean, boolean];
  started: number;
  timer?: ReturnType<typeof setTimeout>;
  timedOut?: number;
  /** A stream's output goes here as it comes, instead of being kept. */
  onData?: (chunk: Uint8Array) => void;
  resolve: (result: ExecResult) => void;
  reject: (error: Error) => void;
}

/** A job for a command just sent, with nothing of its output come yet. */
function newJob(
  command: string,
  token: string,
  resolve: Job["resolve"],
  reject: Job["reject"],
): Job {
  return {
    command,
    token,
    stdout: [],
    stderr: [],
    kept: [0, 0],
    closed: [false, false],
    started: performance.now(),
    resolve,
    reject,
  };
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

function newToken(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Joins chunks into one array: linear in the total size. */
function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const [only] = chunks;
  if (only && chunks.length === 1) return only;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The lab said something its agent never says: the lab is not to be trusted any further. */
class Misbehaved extends Error {}

/**
 * Speaks to a lab's agent over a pair of byte streams: sends command lines, gathers each one's
 * output and exit code, stops those that run out of time. Commands may overlap.
 *
 * The channel is the runner's, but what comes over it is bounded as if the lab wrote it: a frame
 * of at most 128 KiB, a header of at most 64 bytes, output only for a command that runs and no
 * more than a command may keep, in as few frames as the agent makes; a command that has not ended
 * 5 s after its time limit ends the lab. Anything else stops the lab with `misbehaved` set.
 */
export class AgentClient {
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #jobs = new Map<number, Job>();
  #next = 1;
  #ended?: string;
  /** Why the lab was stopped for what it said, if it was. */
  misbehaved?: string;
  /** Resolves once the agent has said "ready"; rejects if it ends first. */
  readonly ready: Promise<void>;
  /** Resolves once the agent's output has ended (it exited, was killed, or misbehaved). */
  readonly done: Promise<void>;
  #finished!: () => void;
  #reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(input: WritableStream<Uint8Array>, output: ReadableStream<Uint8Array>) {
    this.#writer = input.getWriter();
    this.done = new Promise((resolve) => this.#finished = resolve);
    this.#reader = output.getReader();
    this.ready = this.#read(this.#reader);
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
            if (buffer.length > MAX_HEAD) throw new Misbehaved("a header line without end");
            if (!await fill()) throw new Error("the lab's agent ended");
            nl = buffer.indexOf(10);
          }
          if (nl > MAX_HEAD) throw new Misbehaved("a header line too long");
          const line = decoder.decode(buffer.subarray(0, nl));
          buffer = buffer.subarray(nl + 1);
          if (line === "ready" && !isReady) {
            isReady = true;
            readyResolve();
            continue;
          }
          const m = /^(\d{1,9}) ([12x]) (\d{1,10})(?: (\d{1,15}) ([0-9a-f]{32}))?$/.exec(line);
          if (!m || !isReady) throw new Misbehaved(`"${line.slice(0, 40)}"`);
          const [id, kind, value] = [Number(m[1]), m[2], Number(m[3])];
          const job = this.#jobs.get(id);
          if (!job) throw new Misbehaved(`an answer for command ${id}, which is not running`);
          if (kind === "x") {
            if (value > 255 || m[4] === undefined) throw new Misbehaved(`"${line.slice(0, 40)}"`);
            if (m[5] !== job.token) {
              throw new Misbehaved(`the end of command ${id} without its token`);
            }
            this.#finish(id, value, Number(m[4]));
            continue;
          }
          if (value === 0 || value > MAX_FRAME) throw new Misbehaved(`a frame of ${value} bytes`);
          while (buffer.length < value) {
            if (!await fill()) throw new Error("the lab's agent ended in the middle of an output");
          }
          // Copy: the buffer's memory is reused as more arrives.
          this.#output(job, kind === "1" ? 0 : 1, buffer.slice(0, value));
          buffer = buffer.subarray(value);
        }
      } catch (e) {
        this.#end(
          e instanceof Misbehaved
            ? this.#stop(`the lab said what netbook's agent never says (${e.message})`)
            : (e as Error).message,
        );
        if (!isReady) readyReject(new Error(this.#ended));
      }
    })();
    return await ready;
  }

  /** Stops listening to a lab that misbehaved; its holder is then ended (see AgentLab). */
  #stop(why: string): string {
    this.misbehaved = `${why}, so it was stopped`;
    this.#reader.cancel().catch(() => {});
    return this.misbehaved;
  }

  /** The agent is gone: every command still running fails, saying why. */
  #end(why: string): void {
    if (this.#ended) return;
    this.#ended = why;
    for (const [id, job] of this.#jobs) {
      this.#jobs.delete(id);
      clearTimeout(job.timer);
      job.reject(new Error(`the lab ended while \`${job.command}\` ran (${why})`));
    }
    this.#finished();
  }

  #output(job: Job, stream: 0 | 1, chunk: Uint8Array): void {
    if (job.onData) return job.onData(chunk);
    if (job.closed[stream]) throw new Misbehaved("output after the last frame of a stream");
    if (job.kept[stream] + chunk.length > OUTPUT_LIMIT) {
      throw new Misbehaved("more output than a command may keep");
    }
    if (chunk.length < CHUNK) job.closed[stream] = true;
    job.kept[stream] += chunk.length;
    (stream === 0 ? job.stdout : job.stderr).push(chunk);
  }

  #finish(id: number, code: number, dropped: number): void {
    const job = this.#jobs.get(id)!;
    this.#jobs.delete(id);
    clearTimeout(job.timer);
    job.resolve({
      stdout: concat(job.stdout, job.kept[0]),
      stderr: concat(job.stderr, job.kept[1]),
      code: job.timedOut !== undefined ? 124 : code,
      ms: Math.round(performance.now() - job.started),
      ...(job.timedOut !== undefined ? { timedOut: job.timedOut } : {}),
      ...(dropped ? { dropped } : {}),
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

  /**
   * Runs one command line; resolves when it has ended and its output is complete. With a
   * `timeout`, the command is stopped then; one still running 5 s later ends the lab.
   */
  exec(command: string, options: LabExecOptions = {}): Promise<ExecResult> {
    if (this.#ended) return Promise.reject(new Error(this.#ended));
    const id = this.#next++;
    const bytes = encoder.encode(command);
    return new Promise((resolve, reject) => {
      const token = newToken();
      const job = newJob(command, token, resolve, reject);
      if (options.timeout) {
        const limit = options.timeout;
        job.timer = setTimeout(() => {
          job.timedOut = limit;
          this.#send(`${id} kill 0\n`);
          job.timer = setTimeout(() => {
            this.#end(this.#stop(
              `\`${command}\` still ran ${STOP_GRACE_MS / 1000} s after its time limit`,
            ));
          }, STOP_GRACE_MS);
        }, limit);
      }
      this.#jobs.set(id, job);
      this.#send(`${id} run ${bytes.length} ${token}\n`, bytes);
    });
  }

  /**
   * Runs one command with its standard input streamed (the agent's "open"): what it prints goes
   * to `onData` as it comes; `write` feeds its input and `end` closes it.
   */
  stream(command: string, onData: (chunk: Uint8Array) => void): AgentStream {
    if (this.#ended) {
      const error = new Error(this.#ended);
      return { write() {}, end() {}, done: Promise.reject(error) };
    }
    const id = this.#next++;
    const token = newToken();
    const bytes = encoder.encode(command);
    const done = new Promise<ExecResult>((resolve, reject) => {
      this.#jobs.set(id, { ...newJob(command, token, resolve, reject), onData });
    });
    this.#send(`${id} open ${bytes.length} ${token}\n`, bytes);
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
