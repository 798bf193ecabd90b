// A highlight.js language module, as lib/export/highlight.ts uses it (see highlight_types.d.ts).
declare const language: (hljs: unknown) => { name?: string };
export default language;
