/** picocolors (terminal colours). */
export { default } from "npm:picocolors@1.1.1";
