const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * An SVG ready to sit inline in an HTML page beside others: any XML prolog or doctype dropped, and
 * every id it declares prefixed with `scope`, with the references to them (`url(#id)`, `href="#id"`,
 * `#id` in its <style>, aria-labelledby/-describedby) rewritten to match. mermaid scopes most of
 * its ids by diagram, but not all (edge labels such as `L_a_b_0`), and the same diagram may appear
 * twice on a page; scoping keeps every id on the page unique. Pure.
 */
export function inlineSvg(svg: string, scope: string): string {
  const body = svg.replace(/^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?/i, "");
  const ids = new Set([...body.matchAll(/\sid="([^"]+)"/g)].map(([, id = ""]) => id));
  if (!ids.size) return body;
  const alternation = [...ids].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|");
  const reference = new RegExp(`(\\sid="|#)(${alternation})(?![\\w-])`, "g");
  const aria = /(\saria-(?:labelledby|describedby)=")([^"]*)"/g;
  return body
    .replace(reference, (_, lead: string, id: string) => `${lead}${scope}${id}`)
    .replace(
      aria,
      (_, lead: string, list: string) =>
        `${lead}${list.split(/\s+/).map((id) => ids.has(id) ? `${scope}${id}` : id).join(" ")}"`,
    );
}
