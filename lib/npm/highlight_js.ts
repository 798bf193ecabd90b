/**
 * highlight.js's core and the two languages pages colour, typed by the small declarations beside
 * lib/export/highlight.ts (its own types pull in the DOM's).
 */
// @ts-types="../export/highlight_types.d.ts"
export { default as hljs } from "npm:highlight.js@11.12.0/lib/core";
// @ts-types="../export/highlight_language_types.d.ts"
export { default as bash } from "npm:highlight.js@11.12.0/lib/languages/bash";
// @ts-types="../export/highlight_language_types.d.ts"
export { default as typescript } from "npm:highlight.js@11.12.0/lib/languages/typescript";
