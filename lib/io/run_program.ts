/**
 * One way to run a program: `runProgram` for one that runs to its end (its output collected,
 * a failure an Error naming it, its exit code and its last words), `spawnProgram` for one that
 * lives on beside netbook with piped streams (a lab's holder, qemu, a worker), and `keepTail` for
 * what such a program says on stderr. Both start from the same environment rules and PATH.
 */
import { basename } from "node:path";

/** Where programs are found, whoever runs netbook and whatever their own PATH says. */
export const SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** How many of its last lines of stderr a failed program's error quotes. */
const SAID_LINES = 8;

/** How a program is started. */
export interface ProgramOptions {
  args?: string[];
  cwd?: string;
  /**
   * Variables set for the program. Without `inheritEnv`, these and PATH=SYSTEM_PATH are all it
   * gets (a PATH given here wins).
   */
  env?: Record<string, string>;
  /**
   * Start from netbook's own environment (with its PATH) instead of an empty one: for programs
   * that need the user's HOME, DENO_DIR or SSH_AUTH_SOCK (deno, ssh).
   */
  inheritEnv?: boolean;
}

/** How runProgram runs a program to its end. */
export interface RunProgramOptions extends ProgramOptions {
  /** Written to its stdin, which is then closed; without it, stdin is /dev/null. */
  stdin?: Uint8Array | string;
  /** A non-zero exit is returned, not thrown. */
  noThrow?: boolean;
  /** What running it was for, to begin its error with ("could not write the initramfs"). */
  doing?: string;
  /** How its error names it; by default the program's file name. */
  name?: string;
}

/** What a program that ran to its end did. */
export interface ProgramOutput {
  code: number;
  /** It exited 0. */
  success: boolean;
  stdout: Uint8Array;
  /** Standard error, as text. */
  stderr: string;
}

/** The environment options of Deno.Command for these options. */
function environment(o: ProgramOptions): Pick<Deno.CommandOptions, "env" | "clearEnv"> {
  if (o.inheritEnv) return o.env ? { env: o.env } : {};
  return { clearEnv: true, env: { PATH: SYSTEM_PATH, ...o.env } };
}

/** The last `n` non-empty lines of `text`, joined by newlines. */
export function lastLines(text: string, n: number): string {
  return text.trim().split("\n").filter((l) => l.trim() !== "").slice(-n).join("\n");
}

/**
 * Runs a program to its end and collects what it printed. A non-zero exit throws an Error
 * naming the program, its exit code and the last lines it wrote to stderr (unless `noThrow`);
 * a program that is not there throws Deno.errors.NotFound, for the caller to say what to install.
 */
export async function runProgram(
  program: string,
  o: RunProgramOptions = {},
): Promise<ProgramOutput> {
  const child = new Deno.Command(program, {
    args: o.args ?? [],
    cwd: o.cwd,
    ...environment(o),
    stdin: o.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writing = o.stdin === undefined ? undefined : (async () => {
    const input = typeof o.stdin === "string" ? new TextEncoder().encode(o.stdin) : o.stdin!;
    const w = child.stdin.getWriter();
    // A program may exit without reading all of it: its exit code says what happened.
    await w.write(input).catch(() => {});
    await w.close().catch(() => {});
  })();
  const [out] = await Promise.all([child.output(), writing]);
  const result = {
    code: out.code,
    success: out.success,
    stdout: out.stdout,
    stderr: new TextDecoder().decode(out.stderr),
  };
  if (!result.success && !o.noThrow) {
    const said = lastLines(result.stderr, SAID_LINES);
    throw new Error(
      `${o.doing ? `${o.doing}: ` : ""}${o.name ?? basename(program)} exited with code ` +
        `${result.code}${said ? `:\n  ${said.replaceAll("\n", "\n  ")}` : " and said nothing"}`,
    );
  }
  return result;
}

/**
 * Starts a program that lives on beside netbook, its streams piped (each can be "null"
 * instead), with the same environment rules as runProgram. The caller reads and waits.
 */
export function spawnProgram(
  program: string,
  o: ProgramOptions & {
    stdin?: "piped" | "null";
    stdout?: "piped" | "null";
    stderr?: "piped" | "null";
  } = {},
): Deno.ChildProcess {
  return new Deno.Command(program, {
    args: o.args ?? [],
    cwd: o.cwd,
    ...environment(o),
    stdin: o.stdin ?? "piped",
    stdout: o.stdout ?? "piped",
    stderr: o.stderr ?? "piped",
  }).spawn();
}

/** What a stream said, its last `limit` characters kept as it goes. */
export interface Tail {
  /** What it has said so far (the last `limit` characters). */
  text(): string;
  /** What it said, once it has ended (or failed). */
  ended: Promise<string>;
}

/** Reads a text stream to its end, keeping only its last `limit` characters. */
export function keepTail(stream: ReadableStream<Uint8Array>, limit = 8000): Tail {
  let text = "";
  const ended = (async () => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      text = (text + chunk).slice(-limit);
    }
  })().catch(() => {}).then(() => text);
  return { text: () => text, ended };
}
