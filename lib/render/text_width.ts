import stringWidth from "../npm/string_width.ts";
import { eastAsianWidth } from "../npm/get_east_asian_width.ts";

/**
 * The terminal columns a string takes, colours left out: East Asian wide and fullwidth
 * characters and emoji take two, combining marks and zero-width characters none (the npm
 * `string-width`, which follows Unicode's East Asian Width property). Pure.
 */
export function textWidth(text: string): number {
  // Most text is printable ASCII, Latin-1, dashes, arrows and box drawing, a column a character
  // (as string-width says of each): string-width's first call in a notebook's worker costs tens
  // of milliseconds (its emoji pattern is built then), so it is left for the rest.
  return NARROW.test(text) ? text.length : stringWidth(text);
}

/** Text of characters that each take one column on their own (the soft hyphen takes none). */
const NARROW = /^[\x20-\x7e\xa1-\xac\xae-\xff\u2010-\u2027\u2190-\u21ff\u2500-\u259f]*$/;

/** Whether one character takes two columns: East Asian wide or fullwidth, or an emoji. */
export function isWide(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return cp > 0x7f && !NARROW.test(ch) && (eastAsianWidth(cp) === 2 || stringWidth(ch) === 2);
}

/** Whether a string holds a character that takes two columns. */
export function hasWide(text: string): boolean {
  for (const ch of text) if (isWide(ch)) return true;
  return false;
}

/** Pads a string with spaces to `width` columns (colours and wide characters counted right). */
export function padText(text: string, width: number, right = false): string {
  const pad = " ".repeat(Math.max(0, width - textWidth(text)));
  return right ? pad + text : text + pad;
}
