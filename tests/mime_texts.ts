/** The entries of a MIME bundle a test reads, each asserted to be there. */
import assert from "node:assert/strict";
import type { MimeBundle } from "../lib/render/mime.ts";

/**
 * The texts of `bundle` under `types`, in that order; fails the test, naming what the bundle
 * holds instead, when one is missing.
 */
export function mimeTexts<const T extends readonly string[]>(
  bundle: MimeBundle,
  ...types: T
): { [I in keyof T]: string } {
  return types.map((type) => {
    const text = bundle[type];
    assert.ok(
      text !== undefined,
      `the bundle has no ${type}; it has ${Object.keys(bundle).join(", ") || "nothing"}`,
    );
    return text;
  }) as { [I in keyof T]: string };
}

/** The text of `bundle` under `type` (plain text unless told); fails the test when it is missing. */
export function mimeText(bundle: MimeBundle, type = "text/plain"): string {
  const [text] = mimeTexts(bundle, type);
  return text;
}
