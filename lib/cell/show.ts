import { toBundle } from "../render/mime.ts";
import { session } from "./session.ts";

/** Displays values under the current cell: models render themselves, anything else as text. */
export function show(...values: unknown[]): void {
  const s = session();
  if (s.quiet) return;
  for (const value of values) s.emit({ t: "display", cell: s.cell, bundle: toBundle(value) });
}
