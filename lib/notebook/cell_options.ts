import { CAPABILITIES, type Capability, isCapability } from "../capability/registry.ts";

/** Options written in a ```ts cell's info string, e.g. ```ts id=make-pair timeout=20s */
export interface CellOptions {
  /** `id=name`: names the cell in messages and in the recording. */
  id?: string;
  /** `skip`: the cell does not run. */
  skip: boolean;
  /** `expect-error`: failing commands do not throw; the cell fails if none failed. */
  expectError: boolean;
  /** `hidden`: the cell runs, and is not shown. */
  hidden: boolean;
  /** `timeout=20s`, in milliseconds; undefined means the run's default. */
  timeout?: number;
  /** `requires=ipip,ipvs`: the cell is skipped, with a note, where the lab lacks one. */
  requires: Capability[];
  /** `check=NAME`, `hint=NAME`, `solution=NAME` (an exercise's) or `answer=NAME` (a question's). */
  role?: CellRole;
}

/** What a cell is to an exercise or a question. */
export interface CellRole {
  /** check: judges the lab; hint: a hint from the lab; solution: solves it; answer: reveals. */
  kind: "check" | "hint" | "solution" | "answer";
  /** The exercise's or the question's name. */
  name: string;
}

const ROLES = ["check", "hint", "solution", "answer"] as const;
/** Names of exercises and questions: as cell ids. */
export const NAME = /^[a-z0-9][a-z0-9-]*$/;

const FLAGS = { skip: "skip", "expect-error": "expectError", hidden: "hidden" } as const;
const VALUED = ["id", "timeout", "requires", ...ROLES] as const;
const KNOWN = [...Object.keys(FLAGS), ...VALUED.map((k) => `${k}=`)].join(", ");

/** The longest time limit a timer can keep: about 24.8 days (2^31 - 1 milliseconds). */
export const MAX_DURATION = 2 ** 31 - 1;

/**
 * Parses "500ms", "20s" or "2m" into milliseconds. Throws a RangeError saying what a duration
 * looks like, or that it is longer than any time limit can be (it would fire at once).
 */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "s"] : NaN;
  if (!(ms >= 1)) {
    throw new RangeError(`"${text}" is not a duration such as 500ms, 20s, 2m or 1h`);
  }
  if (ms > MAX_DURATION) {
    throw new RangeError(`"${text}" is longer than a time limit can be (at most 24 days)`);
  }
  return Math.round(ms);
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
      try {
        options.timeout = parseDuration(value);
      } catch (e) {
        throw new Error(`timeout ${(e as Error).message}`);
      }
    } else if (key === "requires" && value) {
      for (const cap of value.split(",")) {
        if (!isCapability(cap)) {
          throw new Error(`unknown capability "${cap}" (known: ${CAPABILITIES.join(", ")})`);
        }
        options.requires.push(cap);
      }
    } else if ((ROLES as readonly string[]).includes(key) && value) {
      if (!NAME.test(value)) {
        throw new Error(`${key}=${value}: a name is lower-case letters, digits and dashes`);
      }
      if (options.role) {
        throw new Error(`a cell is the ${options.role.kind} of one exercise or question only`);
      }
      options.role = { kind: key as CellRole["kind"], name: value };
    } else {
      throw new Error(`unknown cell option "${word}" (known: ${KNOWN})`);
    }
  }
  return options;
}
