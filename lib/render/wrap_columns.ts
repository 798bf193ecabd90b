import wrapAnsi from "../npm/wrap_ansi.ts";
import { hasWide, isWide, textWidth } from "./text_width.ts";

export interface WrapColumnsOptions {
  /** Cut a word longer than a line (default false, as wrap-ansi). */
  hard?: boolean;
  /** Drop the spaces where lines break (default true, as wrap-ansi). */
  trim?: boolean;
}

/** Closing punctuation: a line never starts with it (the rule Chinese typesetting calls 避头). */
const NO_BREAK_BEFORE = /^[，。、；：？！）」』》〉】〕”’…—·～%,.;:?!)\]}]/u;
/** Opening punctuation: a line never ends with it (避尾). */
const NO_BREAK_AFTER = /[（「『《〈【〔“‘([{]$/u;

// deno-lint-ignore no-control-regex -- colour codes and hyperlinks are what it finds
const ANSI = /\u001b\[[0-9;]*m|\u001b\]8;[^\u0007\u001b]*(?:\u0007|\u001b\\)/y;

/** Colour codes, runs of spaces, one wide character, or a run of anything else, in order. */
function* tokens(text: string): Generator<{ token: string; kind: "ansi" | "space" | "text" }> {
  let run = "";
  let i = 0;
  while (i < text.length) {
    ANSI.lastIndex = i;
    const ansi = ANSI.exec(text);
    const ch = ansi ? ansi[0] : String.fromCodePoint(text.codePointAt(i)!);
    const kind = ansi ? "ansi" : ch === " " ? "space" : isWide(ch) ? "wide" : "run";
    if (kind !== "run" && run) {
      yield { token: run, kind: "text" };
      run = "";
    }
    if (kind === "run") run += ch;
    else if (kind === "space") {
      let n = i;
      while (text[n] === " ") n++;
      yield { token: text.slice(i, n), kind: "space" };
      i = n;
      continue;
    } else yield { token: ch, kind: kind === "ansi" ? "ansi" : "text" };
    i += ch.length;
  }
  if (run) yield { token: run, kind: "text" };
}

/**
 * A string cut at `columns` terminal columns: the head (at most that wide, at least one
 * character) and the rest. Pure.
 */
export function splitAtColumn(text: string, columns: number): [string, string] {
  let head = "";
  for (const ch of text) {
    if (head && textWidth(head + ch) > columns) break;
    head += ch;
  }
  return [head, text.slice(head.length)];
}

/** Cuts a word into pieces of at most `width` columns. */
function cut(word: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = "";
  for (const ch of word) {
    if (piece && textWidth(piece + ch) > width) {
      pieces.push(piece);
      piece = "";
    }
    piece += ch;
  }
  return piece ? [...pieces, piece] : pieces;
}

/** One paragraph of text holding wide characters, wrapped. */
function wrapWide(text: string, width: number, o: Required<WrapColumnsOptions>): string[] {
  let line: string[] = [];
  const lines: string[][] = [line];
  let used = 0;
  let space = "";
  const newLine = () => {
    line = [];
    lines.push(line);
    used = 0;
    space = "";
  };
  for (const { token, kind } of tokens(text)) {
    if (kind === "ansi") {
      line.push(token);
      continue;
    }
    if (kind === "space") {
      space = used || !o.trim ? token : "";
      continue;
    }
    const w = textWidth(token);
    if (used + textWidth(space) + w <= width) {
      if (space) line.push(space);
      line.push(token);
      used += textWidth(space) + w;
      space = "";
      continue;
    }
    // A break before `token`. Closing punctuation takes the character before it along; an
    // opening one at the end of the line goes down with what it opens.
    const carry: string[] = [];
    const last = () => line.findLastIndex((t) => !t.startsWith("\u001b"));
    let first = space ? "" : token;
    while (NO_BREAK_BEFORE.test(first) && line[last()]?.trim()) {
      if (last() > 0) {
        carry.unshift(...line.splice(last()));
        [first = ""] = carry;
        continue;
      }
      // One word alone on the line: its last character goes down with the mark.
      const [word = ""] = line;
      const chars = [...word];
      if (chars.length > 1) {
        line[0] = chars.slice(0, -1).join("");
        carry.unshift(chars.at(-1)!);
      }
      break;
    }
    while (last() > 0 && NO_BREAK_AFTER.test(line[last()] ?? "")) {
      carry.unshift(...line.splice(last()));
    }
    if (!line.length && !carry.length) {
      // Nothing on this line yet: the token alone is too wide.
      if (o.hard && w > width) {
        const pieces = cut(token, width);
        for (const [i, p] of pieces.entries()) {
          if (i) newLine();
          line.push(p);
          used = textWidth(p);
        }
      } else {
        line.push(token);
        used = w;
      }
      space = "";
      continue;
    }
    if (o.trim) {
      while (line.length && !line.at(-1)!.trim()) line.pop();
    }
    newLine();
    for (const t of [...carry, token]) {
      const tw = textWidth(t);
      if (o.hard && used + tw > width && tw > width) {
        for (const p of cut(t, width - used)) {
          if (used && used + textWidth(p) > width) newLine();
          line.push(p);
          used += textWidth(p);
        }
        continue;
      }
      line.push(t);
      used += tw;
    }
  }
  return lines.map((l) => l.join(""));
}

/**
 * Text wrapped to `width` terminal columns, as wrap-ansi wraps it (colour codes kept and not
 * counted), and where it holds East Asian wide characters, broken between any two of them as
 * Chinese and Japanese text is, never before closing punctuation nor after opening punctuation,
 * each character counted two columns. Pure.
 */
export function wrapColumns(text: string, width: number, o: WrapColumnsOptions = {}): string {
  if (!hasWide(text)) return wrapAnsi(text, width, o);
  const opts = { hard: o.hard ?? false, trim: o.trim ?? true };
  return text.split("\n").flatMap((para) => wrapWide(para, width, opts)).join("\n");
}
