import type { z } from "../npm/zod.ts";

const KINDS: Record<string, string> = {
  string: "a string",
  array: "a list",
  object: "a mapping of keys to values",
  number: "a number",
  boolean: "true or false",
};

function received(input: unknown): string {
  if (input === undefined) return "missing";
  if (input === null) return "empty";
  if (Array.isArray(input)) return "a list";
  return typeof input === "object" ? "a mapping" : `${typeof input} ${JSON.stringify(input)}`;
}

/** One schema problem as a plain sentence: which key, what it should be, what it is. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? `\`${issue.path.join(".")}\`` : "it";
  switch (issue.code) {
    case "unrecognized_keys":
      return `${issue.keys.map((k) => `\`${[...issue.path, k].join(".")}\``).join(", ")} ${
        issue.keys.length === 1 ? "is not a key" : "are not keys"
      } this format knows`;
    case "invalid_type":
      return issue.input === undefined
        ? `${where} is required (${KINDS[issue.expected] ?? issue.expected})`
        : `${where} should be ${KINDS[issue.expected] ?? issue.expected}, not ${
          received(issue.input)
        }`;
    case "invalid_value":
      return `${where} is ${JSON.stringify(issue.input)}, which is not one of: ${
        issue.values.join(", ")
      }`;
    case "too_small":
      return `${where} should not be empty`;
    case "invalid_format":
      return `${where} is not a valid ${issue.format}`;
    default:
      return `${where}: ${issue.message}`;
  }
}
