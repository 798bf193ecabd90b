/**
 * The JSON-lines protocol between MermaidRenderer (../mermaid_svg.ts) and its worker process
 * (render_worker.ts): requests on the worker's stdin, answers on its stdout, matched by id.
 * No imports, so that both projects can read it.
 */

/**
 * The revision of how the worker draws (render_worker.ts): part of the cache key with mermaid's
 * version and the lock's digest. Raise it when a change there can change an SVG.
 */
export const DRAWING_REVISION = 2;

export interface RenderRequest {
  id: number;
  source: string;
  /** A mermaid theme: "default", "neutral", "dark", "forest" or "base". */
  theme: string;
  /** The SVG element's id: unique, so that several SVGs on one page keep their own styles. */
  svgId: string;
}

/**
 * The SVG, or why not: "chromium-missing" (no Chromium at the path the worker was given),
 * "launch" (Chromium would not start) or "render" (mermaid's own error, e.g. a syntax error).
 * With an SVG, `mermaidLoads`: how many times, so far, the worker's page has loaded mermaid
 * (once, however many diagrams it draws).
 */
export type RenderAnswer =
  | { id: number; svg: string; mermaidLoads: number }
  | { id: number; error: string; kind: RenderErrorKind };

export type RenderErrorKind = "chromium-missing" | "launch" | "render";
