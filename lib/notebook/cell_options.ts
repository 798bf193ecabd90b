import type { Capability } from "./front_matter.ts";
import { CAPABILITIES } from "./front_matter.ts";

/** Options written in a ```ts cell's info string, e.g. ```ts id=make-pair timeout=20s */
export interface CellOptions {
  id?: string;
  skip: boolean;
  expectError: boolean;
  hidden: boolean;
  /** Milliseconds; undefined means the run's default. */
  timeout?: number;
  requires: Capability[];
}

const FLAGS = { skip: "skip", "expect-error": "expectError", hidden: "hidden" } as const;
const VALUED = ["id", "timeout", "requires"] as const;
const KNOWN = [...Object.keys(FLAGS), ...VALUED.map((k) => `${k}=`)].join(", ");

/** Parses "500ms", "20s" or "2m" into milliseconds; undefined if it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] as "ms" | "s" | "m"];
}

/**
 * Parses the words after the language in a fence's info string. Throws a message (without
 * location: the caller adds file and line) for anything it does not know.
 */
export function parseCellOptions(words: string[]): CellOptions {
  const options: CellOptions = { skip: false, expectError: false, hidden: false, requires: [] };
  for (const word of words) {
    const eq = word.indexOf("=");
    const key = eq < 0 ? word : word.slice(0, eq);
    const value = eq < 0 ? undefined : word.slice(eq + 1);
    if (key in FLAGS && value === undefined) {
      options[FLAGS[key as keyof typeof FLAGS]] = true;
    } else if (key === "id" && value) {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(value)) {
        throw new Error(`cell id "${value}" must be lower-case letters, digits and dashes`);
      }
      options.id = value;
    } else if (key === "timeout" && value) {
      const ms = parseDuration(value);
      if (ms === undefined || ms <= 0) {
        throw new Error(`timeout "${value}" is not a duration such as 500ms, 20s or 2m`);
      }
      options.timeout = ms;
    } else if (key === "requires" && value) {
      for (const cap of value.split(",")) {
        if (!(CAPABILITIES as readonly string[]).includes(cap)) {
          throw new Error(`unknown capability "${cap}" (known: ${CAPABILITIES.join(", ")})`);
        }
        options.requires.push(cap as Capability);
      }
    } else {
      throw new Error(`unknown cell option "${word}" (known: ${KNOWN})`);
    }
  }
  return options;
}
