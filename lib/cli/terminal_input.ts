/**
 * The process's standard input, read by one consumer at a time (step mode's keys, then the lab
 * shell, then keys again): a read left waiting by one is handed to the next, so no byte is lost.
 */
export class TerminalInput {
  #pending?: Promise<Uint8Array | null>;
  #back: Uint8Array[] = [];
  #raw = false;
  readonly tty: boolean;

  constructor(readonly stdin: typeof Deno.stdin = Deno.stdin) {
    this.tty = stdin.isTerminal();
  }

  /** The next bytes, or null at the end of the input. */
  read(): Promise<Uint8Array | null> {
    const back = this.#back.shift();
    if (back) return Promise.resolve(back);
    this.#pending ??= (async () => {
      const buffer = new Uint8Array(4096);
      const n = await this.stdin.read(buffer);
      return n === null ? null : buffer.slice(0, n);
    })();
    const pending = this.#pending;
    pending.finally(() => {
      if (this.#pending === pending) this.#pending = undefined;
    });
    return pending;
  }

  /** Gives back bytes read too late: the next read returns them first. */
  unread(bytes: Uint8Array): void {
    this.#back.unshift(bytes);
  }

  /** Raw mode on a terminal: every key as it is typed, Ctrl-C included (as byte 3). */
  raw(on: boolean): void {
    if (!this.tty || this.#raw === on) return;
    this.stdin.setRaw(on);
    this.#raw = on;
  }
}
