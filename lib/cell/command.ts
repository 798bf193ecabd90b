import { parseDuration } from "../notebook/cell_options.ts";
import { maybeSession } from "./session.ts";
import { Background } from "./background.ts";
import { quote } from "./command_line.ts";
import { CommandResult } from "./command_result.ts";
import { runInLab } from "./run_in_lab.ts";

function interpolate(value: unknown): string {
  if (Array.isArray(value)) return value.map(interpolate).join(" ");
  if (value instanceof CommandResult) return quote(value.stdout.trim());
  return quote(String(value));
}

/** Builds the command line from a template: literal parts as written, values quoted. */
export function commandLine(strings: TemplateStringsArray, values: unknown[]): string {
  return strings.raw.reduce(
    (line, part, i) => line + part + (i < values.length ? interpolate(values[i]) : ""),
    "",
  ).trim();
}

/** What a builder's modifiers set; each modifier makes a new builder with one more of these. */
interface BuilderOptions {
  noThrow: boolean;
  quiet: boolean;
  timeout?: number;
}

/**
 * A command that runs when awaited: `await $\`ip netns add client\``. Like dax's, a builder is
 * immutable: `.noThrow()`, `.quiet()` and `.timeout("5s")` each return a new builder and leave
 * this one as it was, so one builder can be the base of several commands (each awaited apart).
 *
 * Differences from dax: the command runs in the lab's shell (bash), not dax's cross-platform
 * one; `.quiet()` hides the whole transcript (the command line and both streams), and takes no
 * stream; `.text()`, `.lines()` and `.json()` still show the transcript (in a notebook it is the
 * record of what ran; chain `.quiet()` to hide it), and read stdout or stderr, not both combined.
 */
export class CommandBuilder implements PromiseLike<CommandResult> {
  readonly #command: string;
  #options: Readonly<BuilderOptions> = { noThrow: false, quiet: false };

  /** A command line to run when awaited; `$` makes these. */
  constructor(command: string) {
    this.#command = command;
    // Until it is awaited (or spawned), the cell has a command that runs nothing: keep where it
    // was written, so that the cell's end can name the line.
    maybeSession()?.unawaited.set(this, new Error().stack?.split("\n").slice(2).join("\n") ?? "");
  }

  #claim(): void {
    maybeSession()?.unawaited.delete(this);
  }

  /**
   * A new builder with these options changed. This one stays as it was; the new one, not this
   * one, is what the cell must await (a builder only derived from is no forgotten command).
   */
  #with(change: Partial<BuilderOptions>): CommandBuilder {
    this.#claim();
    const next = new CommandBuilder(this.#command);
    next.#options = { ...this.#options, ...change };
    return next;
  }

  /** The command line, with interpolated values already quoted. */
  get command(): string {
    return this.#command;
  }

  /** A new builder whose non-zero exit is a result, not an error. */
  noThrow(): CommandBuilder {
    return this.#with({ noThrow: true });
  }

  /** A new builder that runs without showing the transcript (for helpers that display a model). */
  quiet(): CommandBuilder {
    return this.#with({ quiet: true });
  }

  /**
   * A new builder that stops the command after this long ("500ms", "5s", or milliseconds); it
   * then exits 124.
   */
  timeout(limit: string | number): CommandBuilder {
    return this.#with({
      timeout: parseDuration(typeof limit === "number" ? `${limit}ms` : limit),
    });
  }

  #run(): Promise<CommandResult> {
    return runInLab(this.#command, {
      show: this.#options.quiet ? undefined : { kind: "line" },
      noThrow: this.#options.noThrow,
      timeout: this.#options.timeout,
    });
  }

  /**
   * Starts the command in the background (a server, a monitor) and returns at once; it runs
   * until `.stop()` or the end of the lab.
   */
  spawn(): Promise<Background> {
    this.#claim();
    return Background.start(this.#command, !this.#options.quiet);
  }

  /** Runs the command (awaiting it does this). Each await runs it again. */
  then<A = CommandResult, B = never>(
    onfulfilled?: ((value: CommandResult) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.#claim();
    return this.#run().then(onfulfilled, onrejected);
  }

  /**
   * Runs the command and gives its stdout (or stderr) without the last newline, as dax does:
   * only one final `\n` (or `\r\n`) goes; other whitespace stays.
   */
  async text(kind: "stdout" | "stderr" = "stdout"): Promise<string> {
    return (await this)[kind].replace(/\r?\n$/, "");
  }

  /**
   * Runs the command and gives `.text()` split at each newline, as dax does: no empty last line
   * from the final newline, but empty lines inside stay (and no output gives `[""]`).
   */
  async lines(kind: "stdout" | "stderr" = "stdout"): Promise<string[]> {
    return (await this.text(kind)).split(/\r?\n/);
  }

  /** Runs the command and parses its standard output as JSON. */
  async json<T = unknown>(): Promise<T> {
    return (await this).json<T>();
  }
}

/** Runs one command in the lab, as a person would type it. Interpolated values are quoted. */
export function $(strings: TemplateStringsArray, ...values: unknown[]): CommandBuilder {
  return new CommandBuilder(commandLine(strings, values));
}
