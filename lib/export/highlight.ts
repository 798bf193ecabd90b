import { bash, hljs, typescript } from "../npm/highlight_js.ts";

hljs.registerLanguage("typescript", typescript);
hljs.registerLanguage("bash", bash);

/**
 * Code as highlighted HTML (highlight.js's `hljs-*` classes, which the site's stylesheet colours),
 * done at export, so that a page needs no script to show it. The text is escaped. Pure.
 */
export function highlightCode(code: string, language: "typescript" | "bash"): string {
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}
