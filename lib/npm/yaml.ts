/** yaml (front matter and exercise blocks). */
export { default } from "npm:yaml@2.9.1";
export * from "npm:yaml@2.9.1";
