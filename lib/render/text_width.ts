import stringWidth from "../npm/string_width.ts";
import { eastAsianWidth } from "../npm/get_east_asian_width.ts";

/**
 * The terminal columns a string takes, colours left out: East Asian wide and fullwidth
 * characters and emoji take two, combining marks and zero-width characters none (the npm
 * `string-width`, which follows Unicode's East Asian Width property). Pure.
 */
export function textWidth(text: string): number {
  return stringWidth(text);
}

/** Whether one character takes two columns: East Asian wide or fullwidth, or an emoji. */
export function isWide(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return cp > 0x7f && (eastAsianWidth(cp) === 2 || stringWidth(ch) === 2);
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
