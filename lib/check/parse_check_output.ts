/**
 * Reads what `deno check` prints (it has no machine-readable output) into diagnostics. Pure.
 *
 * Each diagnostic starts on a line of its own, `TS2322 [ERROR]: message` for the type checker
 * or `error: message` for the parser and the module graph. The message may go on over indented
 * lines (TypeScript's chained messages, hints), then comes a code frame (the source line and a
 * line of ^ or ~ under it; the parser's frame has a `N |` gutter), then `at URL:LINE:COLUMN`.
 * What follows the location up to the next diagnostic (related information, also with
 * `at` lines) belongs to it but is not its location.
 */

/** One diagnostic where `deno check` put it: a URL and 1-based line and column. */
export interface RawDiagnostic {
  /** "TS2322"; absent for syntax and module-graph errors. */
  code?: string;
  message: string;
  /** Absent when `deno check` named no place. */
  at?: { url: string; line: number; column: number };
}

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const TS_HEAD = /^(TS\d+) \[(?:ERROR|WARNING)\]: ?(.*)$/;
const ERROR_HEAD = /^error: ?(.*)$/;
const AT = /^\s*at (.+):(\d+):(\d+)$/;
/** The line under the source in a code frame: only ^ and ~ (after a `|` gutter, if any). */
const MARKER = /^\s*(?:\|\s*)?[~^]+\s*$/;
/** A line of the parser's code frame: `  |` or `12 | source`. */
const GUTTER = /^\s*\d*\s\|(?:\s|$)/;
/** What deno prints around the diagnostics, never part of one. */
const NOISE = [/^Found \d+ errors?\.$/, /^error: Type checking failed\.$/];
/** A Rust backtrace (RUST_BACKTRACE set) ends the output. */
const BACKTRACE = /^Stack backtrace:$/m;

export function parseCheckOutput(output: string): RawDiagnostic[] {
  const text = output.replace(ANSI, "").replaceAll("\r", "");
  const [diagnostics = ""] = text.split(BACKTRACE);
  const lines = diagnostics.split("\n").map((l) => l.trimEnd());
  const found: RawDiagnostic[] = [];
  let current: { diagnostic: RawDiagnostic; body: string[]; located: boolean } | undefined;

  const finish = () => {
    if (!current) return;
    const { diagnostic, body } = current;
    // The message's own lines end where the code frame starts (or at the location).
    let end = body.findIndex((l) => GUTTER.test(l) || MARKER.test(l));
    if (end === -1) end = body.length;
    else if (MARKER.test(body[end] ?? "") && !GUTTER.test(body[end] ?? "") && end > 0) end--; // the source
    const more = body.slice(0, end).filter((l) => l.trim() !== "");
    diagnostic.message = [diagnostic.message, ...more].join("\n").trim();
    found.push(diagnostic);
    current = undefined;
  };

  for (const line of lines) {
    const ts = TS_HEAD.exec(line);
    const error = ts ? null : ERROR_HEAD.exec(line);
    if ((ts || error) && !NOISE.some((n) => n.test(line))) {
      finish();
      current = {
        diagnostic: ts
          ? { code: ts[1] ?? "", message: ts[2] ?? "" }
          : { message: error?.[1] ?? "" },
        body: [],
        located: false,
      };
      continue;
    }
    if (!current || current.located) {
      // Related information after the location, or text outside any diagnostic.
      if (current && /^\S/.test(line) && !NOISE.some((n) => n.test(line))) finish();
      continue;
    }
    const at = AT.exec(line);
    if (at) {
      const [, url = "", line, column] = at;
      current.diagnostic.at = { url, line: Number(line), column: Number(column) };
      current.located = true;
      continue;
    }
    if (NOISE.some((n) => n.test(line))) continue;
    current.body.push(line);
  }
  finish();
  return found;
}
