// @ts-types="./highlight_types.d.ts"
import hljs from "highlight.js/lib/core";
// @ts-types="./highlight_language_types.d.ts"
import bash from "highlight.js/lib/languages/bash";
// @ts-types="./highlight_language_types.d.ts"
import typescript from "highlight.js/lib/languages/typescript";

hljs.registerLanguage("typescript", typescript);
hljs.registerLanguage("bash", bash);

/**
 * Code as highlighted HTML (highlight.js's `hljs-*` classes, which the site's stylesheet colours),
 * done at export, so that a page needs no script to show it. The text is escaped. Pure.
 */
export function highlightCode(code: string, language: "typescript" | "bash"): string {
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}
