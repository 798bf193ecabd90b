import { stripVTControlCharacters } from "node:util";

/** East Asian wide and fullwidth characters, and emoji drawn as pictures: two terminal columns. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]|\p{Emoji_Presentation}/u;

/** Marks that take no column of their own (combining accents, variation selectors, ZWJ). */
const ZERO = /[\u0300-\u036f\u200b-\u200f\ufe00-\ufe0f]/u;

/** The terminal columns a string takes, colours left out. Pure. */
export function textWidth(text: string): number {
  let n = 0;
  for (const ch of stripVTControlCharacters(text)) n += ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return n;
}

/** Whether a string holds a character that takes two columns. */
export function hasWide(text: string): boolean {
  return [...text].some((ch) => WIDE.test(ch));
}

/** Pads a string with spaces to `width` columns (colours and wide characters counted right). */
export function padText(text: string, width: number, right = false): string {
  const pad = " ".repeat(Math.max(0, width - textWidth(text)));
  return right ? pad + text : text + pad;
}
