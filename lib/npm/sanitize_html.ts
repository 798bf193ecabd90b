/** sanitize-html (what a notebook's HTML may keep on an exported page). */
// @ts-types="npm:@types/sanitize-html@2.16.2"
export { default } from "npm:sanitize-html@2.18.1";
