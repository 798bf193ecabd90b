import type { Lab } from "../lab/backend.ts";
import { openLabShell, shellRc } from "../lab/lab_shell.ts";
import type { TerminalInput } from "./terminal_input.ts";

/** How a shell in the lab meets the process's terminal. */
export interface ShellSessionOptions {
  /** Where the keys come from. */
  input: TerminalInput;
  /** What the prompt says (the notebook, and the cell it stands at). */
  prompt: string;
  /** Colours in the prompt. */
  color: boolean;
  /** Answers `check`, `hint`, `solution` and `task`. */
  onRequest(word: string): Promise<{ code: number; text: string }>;
}

/**
 * Runs an interactive bash inside the lab on this process's terminal, until it exits: the
 * terminal in raw mode (every key, Ctrl-C included, goes to the lab's own terminal), its size
 * followed. With standard input not a terminal, bash reads commands from it, as `bash` does, and
 * its output and errors go to standard output and error. Resolves with bash's exit status.
 */
export async function runShellSession(lab: Lab, o: ShellSessionOptions): Promise<number> {
  const tty = o.input.tty;
  const size = tty && Deno.stdout.isTerminal() ? Deno.consoleSize() : undefined;
  const shell = openLabShell(lab, {
    tty,
    rows: size?.rows,
    cols: size?.columns,
    term: Deno.env.get("TERM") ?? "dumb",
    rc: shellRc({ prompt: o.prompt, color: o.color }),
    onOutput: (bytes, stream) => {
      const out = stream === "stderr" ? Deno.stderr : Deno.stdout;
      for (let at = 0; at < bytes.length;) at += out.writeSync(bytes.subarray(at));
    },
    onRequest: o.onRequest,
  });
  const resize = () => {
    const { rows, columns } = Deno.consoleSize();
    shell.resize(rows, columns);
  };
  let ended = false;
  const finished = shell.done.finally(() => ended = true);
  if (size) Deno.addSignalListener("SIGWINCH", resize);
  o.input.raw(true);
  try {
    // Keys go in until the shell ends; a read still waiting then is left for the next reader.
    (async () => {
      while (!ended) {
        const bytes = await Promise.race([o.input.read(), finished.then(() => undefined)]);
        if (bytes === undefined) return;
        if (ended) {
          if (bytes) o.input.unread(bytes);
          return;
        }
        if (bytes === null) {
          if (tty) shell.hangUp();
          else shell.end();
          return;
        }
        shell.write(bytes);
      }
    })();
    return await finished;
  } finally {
    o.input.raw(false);
    if (size) Deno.removeSignalListener("SIGWINCH", resize);
  }
}
