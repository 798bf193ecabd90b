import type { Output, RunResult } from "../execute/results.ts";
import type { MimeBundle } from "../render/mime.ts";
import { outputBundle, shownDiagram } from "./output_bundle.ts";

/** A diagram as a page shows it: an SVG the output carried, or mermaid source to render. */
export type PageDiagram = { svg: string } | { source: string };

/** A diagram's source as the SVG map keys it: without trailing blank space (as the renderer). */
export function diagramKey(source: string): string {
  return source.replace(/\s+$/, "");
}

/** The diagram a page shows for a bundle, if any: its own SVG, else the one shownDiagram picks. */
export function bundleDiagram(bundle: MimeBundle): PageDiagram | undefined {
  if (bundle["image/svg+xml"] !== undefined) return { svg: bundle["image/svg+xml"] };
  const source = shownDiagram(bundle);
  return source === undefined ? undefined : { source };
}

/** The outputs a page shows, by cell id: hidden cells run, but neither they nor theirs are shown. */
export function shownOutputs(run: RunResult): Map<string, Output[]> {
  const hidden = new Set(run.notebook.cells.filter((c) => c.options.hidden).map((c) => c.id));
  return new Map(run.cells.filter((c) => !hidden.has(c.id)).map((c) => [c.id, c.outputs]));
}

/**
 * Every diagram a notebook's page shows, in page order: its ```mermaid parts and the diagrams in
 * the outputs of its shown cells. The site renders the sources; tests count the SVGs. Pure.
 */
export function pageDiagrams(run: RunResult): PageDiagram[] {
  const outputs = shownOutputs(run);
  return run.notebook.parts.flatMap((part): PageDiagram[] => {
    if (part.kind === "mermaid") return [{ source: diagramKey(part.source) }];
    if (part.kind !== "code") return [];
    return (outputs.get(part.id) ?? []).flatMap((o) => bundleDiagram(outputBundle(o)) ?? []);
  });
}
