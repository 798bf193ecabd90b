/** string-width (a string's columns in a terminal; wrap-ansi measures with it too). */
export { default } from "npm:string-width@8.3.0";
