/** A MIME bundle, as Jupyter's display protocol uses: MIME type -> content. */
export type MimeBundle = Record<string, string>;

/** The key of Jupyter's display protocol, which Deno's kernel understands natively. */
export const DISPLAY = Symbol.for("Jupyter.display");

export interface Displayable {
  [DISPLAY](): MimeBundle;
}

export function isDisplayable(value: unknown): value is Displayable {
  return typeof value === "object" && value !== null &&
    typeof (value as Record<symbol, unknown>)[DISPLAY] === "function";
}

export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** The bundle for any value: its own display if it has one, else its text. */
export function toBundle(value: unknown): MimeBundle {
  if (isDisplayable(value)) return value[DISPLAY]();
  const text = typeof value === "string" ? value : Deno.inspect(value, { colors: false });
  return { "text/plain": text };
}
