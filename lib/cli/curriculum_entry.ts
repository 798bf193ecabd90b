import type { NotebookMeta } from "../notebook/front_matter.ts";
import type { Style } from "../render/style.ts";
import { visible, visibleDeep } from "../render/visible.ts";
import { wrapText } from "../render/wrap_text.ts";

/**
 * One notebook in the curriculum list: its title, then its summary and the command that runs it
 * under a two-space gutter, wrapped at word boundaries to `width`. Pure.
 */
export function curriculumEntry(
  from: NotebookMeta,
  at: string,
  { width, style: s }: { width: number; style: Style },
): string {
  const meta = visibleDeep(from);
  const path = visible(at);
  return [
    s.bold(wrapText(meta.title, width, { hang: "  " })),
    ...(meta.summary ? [wrapText(meta.summary, width, { lead: "  " })] : []),
    s.dim(wrapText(`deno task notebook ${path}`, width, { lead: "  ", hang: "    ", hard: false })),
  ].join("\n");
}
