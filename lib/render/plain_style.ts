import type { Style } from "./style.ts";

/**
 * The style with colour off, as makeStyle(false) makes it (every colour returns its text as
 * it is), without loading the colour library: renderers that cells use default to it, so the
 * notebook's worker loads no CommonJS package and starts faster.
 */
export const PLAIN: Style = new Proxy({ isColorSupported: false } as Style, {
  get: (target, key) => key in target ? target[key as keyof Style] : String,
});
