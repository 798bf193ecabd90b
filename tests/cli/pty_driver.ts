/**
 * Drives a command on a pseudo-terminal (through pty_bridge.py and Debian's python3): send keys,
 * wait until the screen shows something (a handshake, never a sleep), read its exit status.
 */
const BRIDGE = new URL("./pty_bridge.py", import.meta.url).pathname;
const decoder = new TextDecoder();
/** How long a wait may take before the test fails with the screen (the VM boots slowly). */
const FAILSAFE_MS = 300_000;

/** Colours and cursor moves, taken out of what the terminal showed. */
export function plain(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r/g, "");
}

export class PtySession {
  #child: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #seen = "";
  #from = 0;
  #waiters: { pattern: string | RegExp; resolve: () => void }[] = [];
  readonly done: Promise<number>;

  constructor(args: string[], env: Record<string, string> = {}) {
    const child = new Deno.Command("/usr/bin/python3", {
      args: [BRIDGE, ...args],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
      env: { TERM: "xterm", ...env },
    }).spawn();
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    const reading = (async () => {
      for await (const chunk of child.stdout) {
        this.#seen += plain(decoder.decode(chunk, { stream: true }));
        this.#check();
      }
    })();
    this.done = reading.then(() => child.status).then((s) => s.code);
  }

  #check(): void {
    const rest = this.#seen.slice(this.#from);
    this.#waiters = this.#waiters.filter((w) => {
      const hit = typeof w.pattern === "string" ? rest.includes(w.pattern) : w.pattern.test(rest);
      if (hit) w.resolve();
      return !hit;
    });
  }

  /** Everything the terminal showed, without colours. */
  get screen(): string {
    return this.#seen;
  }

  /** Waits until the screen shows `pattern` after what earlier waits consumed. */
  async waitFor(pattern: string | RegExp, what = String(pattern)): Promise<void> {
    const seen = new Promise<void>((resolve) => {
      this.#waiters.push({ pattern, resolve });
      this.#check();
    });
    const ended = this.done.then(() => {
      throw new Error(`the program ended before showing ${what}:\n${this.#seen.slice(-3000)}`);
    });
    ended.catch(() => {});
    // Not a wait for something to happen (the handshake above is): a failsafe that fails the
    // test with what the screen showed, rather than hanging, if it never comes.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`never saw ${what}; the screen ends:\n${this.#seen.slice(-3000)}`)),
        FAILSAFE_MS,
      );
    });
    try {
      await Promise.race([seen, ended, stuck]);
      const rest = this.#seen.slice(this.#from);
      const at = typeof pattern === "string" ? rest.indexOf(pattern) + pattern.length : (() => {
        const m = pattern.exec(rest)!;
        return m.index + m[0].length;
      })();
      this.#from += at;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Types text (keys, a command line with "\r"). */
  async type(text: string): Promise<void> {
    await this.#writer.write(new TextEncoder().encode(text));
  }

  async close(): Promise<number> {
    await this.#writer.close().catch(() => {});
    return await this.done;
  }
}
