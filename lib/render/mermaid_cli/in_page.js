// @ts-nocheck -- runs in Chromium, not in Deno: warm_page.ts imports it into a page.
/**
 * A warm page's side: setup() loads mermaid and mermaid-cli's stylesheets once, render() draws a
 * diagram with them as often as asked. The steps are mermaid-cli's renderMermaid (12.2.0) less
 * the page load: the same stylesheets in the same order, the same extra diagrams and layouts, the
 * same options, the same font embedding and serialisation, so the SVG is the one it would draw.
 */

let loaded;

/** Links the stylesheets, imports mermaid and its extras, loads every font: once per page. */
export async function setup({ stylesheets, mermaid, zenuml, tidyTree, fontEmbedder }) {
  await Promise.all(stylesheets.map((href) => {
    const link = document.createElement("link");
    link.setAttribute("crossorigin", "anonymous");
    link.setAttribute("rel", "stylesheet");
    link.setAttribute("href", href);
    link.setAttribute("class", "mermaid-cli-css");
    const done = new Promise((resolve, reject) => {
      link.onload = () => resolve();
      link.onerror = () => reject(new Error(`Failed to load stylesheet: ${href}`));
    });
    document.head.appendChild(link);
    return done;
  }));
  const [{ default: api }, { default: zenumlDiagram }, { default: tidyTreeLayouts }, embedder] =
    await Promise.all([
      import(mermaid),
      import(zenuml),
      import(tidyTree),
      import(fontEmbedder),
    ]);
  await Promise.all(Array.from(document.fonts, (font) => font.load()));
  await api.registerExternalDiagrams([zenumlDiagram]);
  api.registerLayoutLoaders(tidyTreeLayouts ?? []);
  api.registerIconPacks([]);
  const { parseFontFamily } = await import(new URL("./tokenizeCSS.js", fontEmbedder).href);
  loaded = {
    mermaid: api,
    fontEmbedder: embedder.fontEmbedder,
    parseFontFamily,
    sheets: embeddableSheets(parseFontFamily),
  };
  // The kinds netbook draws (figures and topologies, traces): their modules load now, not with
  // the first diagram. Sequence actors' numbering goes on (see sequence_actor_ids.ts).
  for (const source of WARM_UP) {
    await render({ source, theme: "default", backgroundColor: "white", fontEmbed: true });
  }
}

const WARM_UP = ["flowchart LR\n  a --> b", "sequenceDiagram\n  a ->> b: c"];

/** One diagram to SVG text; the page is left as setup() left it. */
export async function render({ source, theme, backgroundColor, fontEmbed, svgId }) {
  const { mermaid, fontEmbedder } = loaded;
  const container = document.getElementById("container");
  document.body.style.background = backgroundColor;
  try {
    mermaid.initialize({ startOnLoad: false, theme });
    const { svg: text } = await mermaid.render(svgId || "my-svg", source, container);
    container.innerHTML = text;
    const svg = container.getElementsByTagName("svg")[0];
    svg.style.backgroundColor = backgroundColor;
    if (fontEmbed && needsFonts(svg)) {
      try {
        await fontEmbedder({ document, svg });
      } catch (error) {
        throw new Error("Failed to embed fonts into SVG.", { cause: error });
      }
    }
    return new XMLSerializer().serializeToString(svg);
  } finally {
    container.replaceChildren();
  }
}

/** Font Awesome's classes, as mermaid-cli's font embedder knows them. */
const FONT_AWESOME = ["fa", "fab", "fak", "fal", "far", "fas"];

/**
 * What mermaid-cli's font embedder looks at in each of its stylesheets, read once: the families
 * of its @font-face rules, and its style rules' selectors as one list (pseudo-elements dropped,
 * as the embedder drops them).
 */
function embeddableSheets(parseFontFamily) {
  return [...document.querySelectorAll("link.mermaid-cli-css")].flatMap((link) => {
    if (!link.sheet) return [];
    const families = new Set();
    const selectors = [];
    for (const rule of link.sheet.cssRules) {
      if (rule instanceof CSSFontFaceRule) families.add(parseFontFamily(rule.style.fontFamily)[0]);
      else if (rule instanceof CSSStyleRule) {
        selectors.push(
          rule.selectorText.replaceAll(/::[\w-]+|:(before|after|first-letter|first-line)\b/g, ""),
        );
      }
    }
    return [{ families, selectors: selectors.join(",") }];
  });
}

/**
 * Whether mermaid-cli's font embedder would add anything to this SVG: a family its text uses
 * has an @font-face rule, or a style rule applies to it. It checks rule by rule (thousands, for
 * Font Awesome); one selector list per stylesheet answers the same in one query. When in doubt
 * (a selector the list cannot hold), yes: the embedder then decides, as it always did.
 */
function needsFonts(svg) {
  const { parseFontFamily, sheets } = loaded;
  const used = new Set();
  for (const el of svg.querySelectorAll("*")) {
    if (
      [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE) ||
      FONT_AWESOME.some((name) => el.classList.contains(name))
    ) {
      used.add(parseFontFamily(getComputedStyle(el).fontFamily)[0]);
    }
  }
  return sheets.some(({ families, selectors }) => {
    if ([...used].some((family) => families.has(family))) return true;
    if (!selectors) return false;
    try {
      return svg.matches(selectors) || svg.querySelector(selectors) !== null;
    } catch {
      return true;
    }
  });
}

/** Whether setup() has run and the page still answers. */
export function ready() {
  return loaded !== undefined;
}
