/**
 * Reads the JSON that `ip -j` and `bridge -j` print, checked against the shape each inspector
 * relies on, so that output of another shape (a new iproute2, a wrong command) is an error that
 * names the command and the field, not an `undefined` met later in a table. Pure.
 *
 * The check is a few lines here rather than zod (which the rest of netbook uses): the inspectors
 * run in the notebook process, whose module graph leaves zod out to start fast (see
 * tests/execute/the_notebook_process_loads_only_what_cells_use_test.ts).
 */

/** What a field holds; a trailing "?" lets ip leave it out or print it as null. */
type Kind = "string" | "number" | "boolean" | "strings" | "object" | "objects" | "null";
/** The fields an inspector reads from each object, and what each holds. Others are allowed. */
export type Shape = Record<string, Kind | `${Kind}?`>;

type Value<K> = K extends "string" ? string
  : K extends "number" ? number
  : K extends "boolean" ? boolean
  : K extends "strings" ? string[]
  : K extends "object" ? IpObject
  : K extends "objects" ? IpObject[]
  : K extends "null" ? null
  : never;

/** An object of ip's JSON, before its shape is checked. */
export type IpObject = Record<string, unknown>;

/** An object of ip's JSON with the fields of `S` checked. */
export type Checked<S extends Shape> =
  & { [F in keyof S as S[F] extends `${string}?` ? never : F]: Value<S[F]> }
  & {
    [F in keyof S as S[F] extends `${string}?` ? F : never]?:
      | (S[F] extends `${infer K}?` ? Value<K> : never)
      | null;
  }
  & IpObject;

function holds(kind: string, v: unknown): boolean {
  switch (kind) {
    case "strings":
      return Array.isArray(v) && v.every((s) => typeof s === "string");
    case "object":
      return typeof v === "object" && v !== null && !Array.isArray(v);
    case "objects":
      return Array.isArray(v) && v.every((o) => holds("object", o));
    case "null":
      return v === null;
    case "string":
      return typeof v === "string";
    case "number":
      return typeof v === "number";
    case "boolean":
      return typeof v === "boolean";
    default:
      return false;
  }
}

function describe(v: unknown): string {
  if (v === undefined) return "missing";
  if (v === null || Array.isArray(v)) return `${JSON.stringify(v)}`.slice(0, 40);
  return typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)}`.slice(0, 40);
}

/**
 * Checks one object against `shape`; `where` names it in the message (`ip -j addr show`, entry
 * 2). Throws a SyntaxError naming the field, what it holds and what was expected.
 */
export function checkShape<S extends Shape>(o: unknown, shape: S, where: string): Checked<S> {
  if (!holds("object", o)) throw new SyntaxError(`${where} is ${describe(o)}, not an object`);
  for (const [field, spec] of Object.entries(shape)) {
    const optional = spec.endsWith("?");
    const kind = optional ? spec.slice(0, -1) : spec;
    const v = (o as IpObject)[field];
    if (optional && (v === undefined || v === null)) continue;
    if (!holds(kind, v)) {
      throw new SyntaxError(
        `${where}: "${field}" is ${describe(v)}, where netbook reads ${
          kind === "strings"
            ? "a list of strings"
            : kind === "objects"
            ? "a list of objects"
            : `a ${kind}`
        } (has iproute2's JSON changed?)`,
      );
    }
  }
  return o as Checked<S>;
}

/**
 * Parses what `command` printed: a JSON list of objects of `shape`. Empty output (some versions
 * print nothing for an empty table) is an empty list.
 */
export function parseIpJson<S extends Shape>(
  text: string,
  command: string,
  shape: S,
): Checked<S>[] {
  if (text.trim() === "") return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(`${command} printed something that is not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(data)) throw new SyntaxError(`${command} printed JSON that is not a list`);
  return data.map((o, i) => checkShape(o, shape, `${command}, entry ${i + 1}`));
}
