/** markdown-it (reads notebooks; draws Markdown in the terminal and on pages). */
export { default } from "npm:markdown-it@15.0.3";
export * from "npm:markdown-it@15.0.3";
