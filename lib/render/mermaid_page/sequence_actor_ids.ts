/**
 * mermaid 12's sequence diagrams number their actors (`actor0`, `root-0`, `actor0_popup`) with a
 * counter that lives as long as the page: a fresh page, as mermaid-cli opens for every diagram,
 * starts at 0; a warm page goes on from the diagrams it drew before. Numbering them from 0 again
 * makes an SVG depend on its diagram only, the same as mermaid-cli draws it. Pure; no imports.
 */
export function renumberSequenceActors(svg: string): string {
  const root = svg.match(/^<svg[^>]*>/)?.[0] ?? "";
  if (!root.includes('aria-roledescription="sequence"')) return svg;
  const numbers = [...svg.matchAll(/\sid="actor(\d+)"/g)].map((m) => Number(m[1]));
  const first = Math.min(...numbers);
  if (!numbers.length || first === 0) return svg;
  // ids (`id="actor3"`, `id="actor3_popup"`, `id="root-3"`) and references (`actor3_popup`)
  const numbered = /(\sid="(?:actor|root-))(\d+)(?=(?:_popup)?")|(\bactor)(\d+)(?=_popup\b)/g;
  return svg.replace(
    numbered,
    (_, id, n, ref, m) => `${id ?? ref}${Number(n ?? m) - first}`,
  );
}
