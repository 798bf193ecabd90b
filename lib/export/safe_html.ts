import sanitizeHtml from "../npm/sanitize_html.ts";

/**
 * The tags an HTML output may keep: those netbook's own renderers write (tables, transcripts,
 * rule listings) and plain formatting. Anything else from a notebook or a recording (script,
 * style, iframe, img, svg, form ...) goes, and so do event handlers and every attribute but
 * these.
 */
const TAGS = [
  "table",
  "caption",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "th",
  "td",
  "colgroup",
  "col",
  "pre",
  "code",
  "samp",
  "kbd",
  "span",
  "div",
  "p",
  "br",
  "hr",
  "blockquote",
  "b",
  "i",
  "em",
  "strong",
  "small",
  "sub",
  "sup",
  "mark",
  "s",
  "u",
  "ul",
  "ol",
  "li",
  "dl",
  "dt",
  "dd",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "details",
  "summary",
  "a",
]; // deno-fmt-ignore

/**
 * Where a page may link to: an http(s) URL, or one relative to the page (not `//host`, which
 * is another site). `javascript:`, `data:` and every other scheme are refused, however they
 * are spelt (browsers ignore tabs, newlines and case in a scheme). Undefined when refused.
 */
export function safeUrl(url: string): string | undefined {
  // deno-lint-ignore no-control-regex
  const bare = url.replace(/[\x00-\x20\x7f]/g, "");
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(bare)?.[1]?.toLowerCase();
  if (scheme !== undefined) return scheme === "http" || scheme === "https" ? url.trim() : undefined;
  if (/^[/\\]{2}/.test(bare)) return undefined;
  return url.trim();
}

/**
 * HTML from a notebook or a recording (a display's text/html), made safe to put in a page: only
 * the tags above, only `class` (and a table cell's spans and alignment, a link's href and title), links only
 * as safeUrl allows. With the page's Content-Security-Policy, nothing in it can run. Pure.
 */
export function safeHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: TAGS,
    allowedAttributes: {
      "*": ["class"],
      table: ["class", "style"],
      td: ["class", "colspan", "rowspan", "style"],
      th: ["class", "colspan", "rowspan", "scope", "style"],
      a: ["class", "href", "title"],
    },
    // Netbook's tables align their cells and set their font inline (Jupyter's stylesheet would
    // right-align them): only those styles stay.
    allowedStyles: {
      "*": {
        "text-align": [/^(?:left|right|center)$/],
        "font-family": [/^monospace$/],
      },
    },
    allowedSchemes: ["http", "https"],
    allowedSchemesAppliedToAttributes: ["href"],
    allowProtocolRelative: false,
    transformTags: {
      a: (tagName, attribs) => {
        const href = attribs.href === undefined ? undefined : safeUrl(attribs.href);
        const { href: _, ...rest } = attribs;
        return { tagName, attribs: href === undefined ? rest : { ...rest, href } };
      },
    },
  });
}

/**
 * The Content-Security-Policy of every exported page: nothing loads from elsewhere, no inline
 * script runs (event handlers and javascript: links included), scripts only as the site's own
 * files; inline styles stay, for the diagrams' SVG.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
