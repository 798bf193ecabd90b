import pc from "picocolors";

/** Colours for terminal output; all identity functions when colour is off. */
export type Style = ReturnType<typeof pc.createColors>;

export function makeStyle(enabled: boolean): Style {
  return pc.createColors(enabled);
}
