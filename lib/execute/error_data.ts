/**
 * Errors as data, to cross between a run and its notebook process (JSON both ways): a runner's
 * error goes to the cell that asked (a stale recording, a lab that ended), a cell's failure goes
 * back to the run. Each side rebuilds the real class from CLASSES, so that an embedder's
 * `instanceof CommandError` and `.result` hold, and the run can tell a lab's failure from the
 * notebook's own. What the notebook process sends is not trusted: data that does not fit its
 * class is rebuilt as a plain Error with the same name and message.
 */
import type { CallResult } from "../cell/runner.ts";
import type { ErrorData } from "../runner/protocol.ts";
import { CommandError } from "../cell/errors.ts";
import { CapabilityMissingError, LabError } from "../lab/errors.ts";
import { FixtureMissingError, FixtureStaleError } from "../fixture/errors.ts";
import { CellError, type CellErrorKind, CellTimeoutError } from "./errors.ts";

export type { ErrorData };

type Fields = Record<string, unknown>;

/** A class that can cross: how to read what it holds, and how to make it again (or fail to). */
interface Crossing {
  type: abstract new (...args: never[]) => Error;
  data?: (error: never) => Fields;
  make: (message: string, data: Fields) => Error | undefined;
}

const isString = (v: unknown): v is string => typeof v === "string";
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function callResult(v: unknown): CallResult | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const r = v as Fields;
  const { stdout, stderr, code, ms, timedOut } = r;
  if (!isString(stdout) || !isString(stderr) || !isNumber(code) || !isNumber(ms)) return undefined;
  if (timedOut !== undefined && !isNumber(timedOut)) return undefined;
  return { stdout, stderr, code, ms, ...(timedOut !== undefined ? { timedOut } : {}) };
}

const CELL_ERROR_KINDS: readonly CellErrorKind[] = [
  "error",
  "timeout",
  "out-of-memory",
  "fixture",
  "lab",
  "process",
  "interrupted",
];

/** An error class whose constructor takes only a message (and options). */
const plain = (type: new (message: string) => Error): Crossing => ({
  type,
  make: (message) => new type(message),
});

/** What any other Error crosses as. */
const PLAIN_ERROR = plain(Error);

/**
 * Every class that crosses with its own type, by kind. A subclass comes before its base class:
 * an error crosses as the first class it is an instance of.
 */
const CLASSES: Record<string, Crossing> = {
  CommandError: {
    type: CommandError,
    data: (e: CommandError) => ({ command: e.command, result: e.result }),
    make: (_message, d) => {
      const result = callResult(d.result);
      return isString(d.command) && result ? new CommandError(d.command, result) : undefined;
    },
  },
  CellTimeoutError: {
    type: CellTimeoutError,
    data: (e: CellTimeoutError) => ({ cell: e.cell, line: e.line, limitMs: e.limitMs }),
    make: (message, d) =>
      isString(d.cell) && isNumber(d.line) && isNumber(d.limitMs)
        ? new CellTimeoutError(message, d.cell, d.line, d.limitMs)
        : undefined,
  },
  CellError: {
    type: CellError,
    data: (e: CellError) => ({ cell: e.cell, line: e.line, kind: e.kind }),
    make: (message, d) =>
      isString(d.cell) && isNumber(d.line) && CELL_ERROR_KINDS.includes(d.kind as CellErrorKind)
        ? new CellError(message, d.cell, d.line, d.kind as CellErrorKind)
        : undefined,
  },
  FixtureMissingError: plain(FixtureMissingError),
  FixtureStaleError: plain(FixtureStaleError),
  CapabilityMissingError: plain(CapabilityMissingError),
  LabError: plain(LabError),
  TypeError: plain(TypeError),
  RangeError: plain(RangeError),
  SyntaxError: plain(SyntaxError),
  ReferenceError: plain(ReferenceError),
  Error: PLAIN_ERROR,
};

/** How deep a chain of causes crosses. */
const CAUSES = 4;

/** `thrown` as data; a value that is not an Error crosses as an Error saying what it was. */
export function errorToData(thrown: unknown, depth = 0): ErrorData {
  if (!(thrown instanceof Error)) {
    const message = `the cell threw a value that is not an Error: ${
      Deno.inspect(thrown, { depth: 4 })
    }`;
    return { kind: "Error", name: "Error", message };
  }
  const [kind, crossing] = Object.entries(CLASSES).find(([, c]) => thrown instanceof c.type) ??
    ["Error", PLAIN_ERROR];
  const data = (crossing.data as ((e: Error) => Fields) | undefined)?.(thrown);
  const cause = thrown.cause !== undefined && depth < CAUSES
    ? errorToData(thrown.cause, depth + 1)
    : undefined;
  return {
    kind,
    name: String(thrown.name),
    message: String(thrown.message),
    ...(data ? { data } : {}),
    ...(typeof thrown.stack === "string" ? { stack: thrown.stack } : {}),
    ...(cause ? { cause } : {}),
  };
}

/**
 * The error `data` describes, of its own class, with its name and message (its stack is left
 * to the caller: in a worker, assigning a stack makes Deno wrap the error again). Anything that
 * does not fit (unknown kind, bad fields, not data at all) is a plain Error.
 */
export function errorFromData(data: unknown, depth = 0): Error {
  const d = (typeof data === "object" && data !== null ? data : {}) as Partial<ErrorData>;
  const message = isString(d.message) ? d.message : String(d.message ?? "");
  const name = isString(d.name) ? d.name : "Error";
  const crossing = isString(d.kind) && Object.hasOwn(CLASSES, d.kind) ? CLASSES[d.kind] : undefined;
  const fields = typeof d.data === "object" && d.data !== null ? d.data : {};
  const error = crossing?.make(message, fields) ?? new Error(message);
  if (error.message !== message) error.message = message;
  if (error.name !== name) error.name = name;
  if (d.cause !== undefined && depth < CAUSES) error.cause = errorFromData(d.cause, depth + 1);
  return error;
}
