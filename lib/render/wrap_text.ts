import { wrapColumns } from "./wrap_columns.ts";
import { textWidth } from "./text_width.ts";

export interface WrapOptions {
  /** Before the first line (a bullet, a gutter). */
  lead?: string;
  /** Before each later line (a hanging indent). Default: as wide as `lead`, in spaces. */
  hang?: string;
  /** Cut a word longer than a line (default); false leaves it whole (a path to copy). */
  hard?: boolean;
}

/**
 * Text wrapped at word boundaries to `width` columns: the first line after `lead`, the others
 * after `hang`. Colours are kept and not counted. Pure.
 */
export function wrapText(text: string, width: number, o: WrapOptions = {}): string {
  const lead = o.lead ?? "";
  const hang = o.hang ?? " ".repeat(textWidth(lead));
  const hard = o.hard ?? true;
  const wrap = (t: string, room: number) =>
    wrapColumns(t, Math.max(10, room), { hard, trim: true }).split("\n");
  const out: string[] = [];
  for (const para of text.split("\n")) {
    const [first, ...rest] = wrap(para, width - textWidth(out.length ? hang : lead));
    out.push((out.length ? hang : lead) + first);
    if (rest.length) {
      for (const line of wrap(rest.join(" "), width - textWidth(hang))) out.push(hang + line);
    }
  }
  return out.join("\n");
}
