import type { Lab } from "./backend.ts";

/** The relay's source: it runs inside the lab, as a lab command (see shell_relay.pl). */
const RELAY = await Deno.readTextFile(new URL("./shell_relay.pl", import.meta.url));

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One shell word, quoted for bash. */
function word(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** How a lab shell runs. */
export interface LabShellOptions {
  /** On a terminal of the lab's own (interactive bash), or reading commands from a pipe. */
  tty: boolean;
  /** The terminal's size. */
  rows?: number;
  cols?: number;
  /** $TERM for programs in the shell (as the learner's terminal is). */
  term?: string;
  /** What bash runs before it reads the first command (shellRc makes it). */
  rc: string;
  /** What the shell printed (its standard error apart in pipe mode). */
  onOutput(bytes: Uint8Array, stream: "stdout" | "stderr"): void;
  /** A request made by the shell's `check`, `hint`, `solution` or `task`: the answer. */
  onRequest(word: string): Promise<{ code: number; text: string }>;
}

/** A shell running in the lab. */
export interface LabShell {
  /** Sends the learner's input. */
  write(bytes: Uint8Array): void;
  /** Tells the shell's terminal its new size. */
  resize(rows: number, cols: number): void;
  /** The input has ended (pipe mode): bash reads what is left and exits. */
  end(): void;
  /** Hangs up on the shell (bash gets SIGHUP, as when a terminal closes). */
  hangUp(): void;
  /** Resolves with the shell's exit status once it has ended. */
  done: Promise<number>;
}

/**
 * What bash runs before its first prompt: the prompt, and the commands that ask netbook
 * (`check`, `hint`, `solution`, `task`) over the shell's own channel (fds 58 and 59). Pure.
 */
export function shellRc(o: { prompt: string; color: boolean }): string {
  const prompt = o.color ? `\\[\\e[1;35m\\]${o.prompt}\\[\\e[0m\\] \\w# ` : `${o.prompt} \\w# `;
  return [
    "unset BASH_ENV",
    `PS1=${word(prompt)}`,
    "__netbook() { printf '%s\\n' \"$1\" >&58 2>/dev/null ||" +
    " { echo 'netbook: this shell is not connected to netbook' >&2; return 2; };" +
    " local code text; IFS= read -r -d '' code <&59; IFS= read -r -d '' text <&59;" +
    ' printf \'%s\' "$text"; return "$code"; }',
    "check() { __netbook check; }",
    "hint() { __netbook hint; }",
    "solution() { __netbook solution; }",
    "task() { __netbook task; }",
    "",
  ].join("\n");
}

/** Joins two byte arrays. */
function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Opens an interactive bash inside the lab: a lab command like any other (so it stands where
 * the cells' commands stand, inside the same boundary), whose input and output are streamed.
 * Throws when the lab has no way to stream a command.
 */
export function openLabShell(lab: Lab, o: LabShellOptions): LabShell {
  if (!lab.stream) throw new Error(`a ${lab.info.kind} lab cannot open a shell`);
  let buffer: Uint8Array = new Uint8Array(0);
  let code: number | undefined;
  const frames = (chunk: Uint8Array) => {
    buffer = join(buffer, chunk);
    while (true) {
      const nl = buffer.indexOf(10);
      if (nl < 0) return;
      const [kind = "", value] = decoder.decode(buffer.subarray(0, nl)).split(" ");
      if (kind === "x") {
        code = Number(value);
        buffer = buffer.subarray(nl + 1);
        continue;
      }
      const length = Number(value);
      if (!["o", "E", "c"].includes(kind) || !(length >= 0)) {
        // Not the relay speaking (it failed to start): show it as it is.
        o.onOutput(buffer, "stderr");
        buffer = new Uint8Array(0);
        return;
      }
      if (buffer.length < nl + 1 + length) return;
      const payload = buffer.slice(nl + 1, nl + 1 + length);
      buffer = buffer.subarray(nl + 1 + length);
      if (kind === "c") answer(decoder.decode(payload));
      else o.onOutput(payload, kind === "E" ? "stderr" : "stdout");
    }
  };
  const args = [o.tty ? "tty" : "pipe", o.rows ?? 24, o.cols ?? 80, o.term ?? "dumb", o.rc];
  const stream = lab.stream(
    `exec perl -e ${word(RELAY)} ${args.map((a) => word(String(a))).join(" ")}`,
    frames,
  );
  const send = (kind: string, payload?: Uint8Array) => {
    const head = encoder.encode(payload ? `${kind} ${payload.length}\n` : kind);
    stream.write(payload ? join(head, payload) : head);
  };
  const answer = async (request: string) => {
    let reply: { code: number; text: string };
    try {
      reply = await o.onRequest(request);
    } catch (e) {
      reply = { code: 2, text: `netbook: ${e instanceof Error ? e.message : String(e)}\n` };
    }
    const text = reply.text.replaceAll("\0", "");
    send("r", encoder.encode(`${reply.code}\0${text}\0`));
  };
  return {
    write: (bytes) => send("d", bytes),
    resize: (rows, cols) => send(`w ${rows} ${cols}\n`),
    end: () => send("e\n"),
    hangUp: () => stream.end(),
    done: stream.done.then((r) => {
      if (buffer.length) o.onOutput(buffer, "stderr");
      return code ?? r.code;
    }),
  };
}
