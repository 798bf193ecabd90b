/** wrap-ansi (wraps text with colours to a terminal's width). */
export { default } from "npm:wrap-ansi@10.0.2";
