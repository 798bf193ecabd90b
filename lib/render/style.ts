import pc from "../npm/picocolors.ts";

/** Colours for terminal output; all identity functions when colour is off. */
export type Style = ReturnType<typeof pc.createColors>;

export function makeStyle(enabled: boolean): Style {
  return pc.createColors(enabled);
}
