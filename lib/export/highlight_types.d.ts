// The little of highlight.js netbook uses, typed here: its own types pull in the DOM's, which
// clash with Deno's streams in the rest of the program.
export interface HighlightResult {
  value: string;
}
export interface Language {
  name?: string;
}
declare const hljs: {
  registerLanguage(name: string, language: (hljs: unknown) => Language): void;
  highlight(code: string, options: { language: string; ignoreIllegals?: boolean }): HighlightResult;
};
export default hljs;
