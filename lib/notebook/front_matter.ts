import { z } from "../npm/zod.ts";
import { CAPABILITIES, type Capability } from "../capability/registry.ts";

export type { Capability };

/** A capability's name, checked against the registry. */
export const CapabilityName = z.enum(CAPABILITIES);

/** A document a notebook teaches from, named as its reader knows it. */
export interface Source {
  /** The document's title, as its reader knows it. */
  title: string;
  /** Who wrote it. */
  author?: string;
  /** Where to read it. */
  url?: string;
  /** The part of the document the notebook draws on. */
  section?: string;
}

/** The schema of a source in front matter. */
export const SourceSchema: z.ZodType<Source> = z.strictObject({
  title: z.string().min(1),
  author: z.string().min(1).optional(),
  url: z.url().optional(),
  section: z.string().min(1).optional(),
});

/**
 * A notebook's YAML front matter. Only a title is needed (and without front matter, the first
 * `#` heading is the title); the rest is optional. Unknown keys are an error, never ignored.
 */
export const FrontMatter = z.strictObject({
  title: z.string().min(1).optional(),
  summary: z.string().min(1).optional(),
  objectives: z.array(z.string().min(1)).default([]),
  requires: z.array(CapabilityName).default([]),
  sources: z.array(SourceSchema).default([]),
  lang: z.string().default("en"),
  "translation-of": z.string().regex(/\.md$/, "must name the original notebook's .md file")
    .optional(),
  "translated-from": z.string().regex(
    /^sha256:[0-9a-f]{16}$/,
    "must be the digest `deno task translations` prints (sha256: and 16 hex digits)",
  ).optional(),
});

/** A notebook's metadata once parsed: the title is always known, the rest has defaults. */
export interface NotebookMeta {
  /** From `title:`, or the first `#` heading. */
  title: string;
  /** One sentence for the curriculum list. */
  summary?: string;
  /** What a reader will be able to do. */
  objectives: string[];
  /** Capabilities the whole notebook needs to run live. */
  requires: Capability[];
  /** The documents it teaches from. */
  sources: Source[];
  /** The narrative's language (default "en"). */
  lang: string;
  /**
   * A translation's original, relative to the translation (`translation-of:
   * ../01-netns-veth.md`): the two have the same cells, byte for byte, and one recording.
   */
  translationOf?: string;
  /** The digest of the original's narrative the translation was last brought in line with. */
  translatedFrom?: string;
}

/** A source as a reader would cite it: "Title" by Author, section. Plain text. */
export function citeSource(s: Source): string {
  return `"${s.title}"${s.author ? ` by ${s.author}` : ""}${s.section ? `, ${s.section}` : ""}`;
}

/** The metadata of validated front matter and the notebook's title. Pure. */
export function toMeta(front: z.infer<typeof FrontMatter>, title: string): NotebookMeta {
  const { "translation-of": translationOf, "translated-from": translatedFrom, ...rest } = front;
  return {
    ...rest,
    title,
    ...(translationOf ? { translationOf } : {}),
    ...(translatedFrom ? { translatedFrom } : {}),
  };
}
