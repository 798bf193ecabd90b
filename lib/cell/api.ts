/**
 * What a cell sees without importing it: `$`, `lab` and `show`. The notebook process loads only
 * this side of netbook (no runner, parser or exporter).
 */
export { $ } from "./command.ts";
export { lab } from "./lab.ts";
export { show } from "./show.ts";
