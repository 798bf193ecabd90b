/**
 * Parses the JSON that `ip -j` and `bridge -j` print: an array of objects. Empty output (some
 * versions print nothing for an empty table) is an empty array. Pure.
 */
export function parseIpJson(text: string, command: string): Record<string, unknown>[] {
  if (text.trim() === "") return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(`${command} printed something that is not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(data)) throw new SyntaxError(`${command} printed JSON that is not a list`);
  return data as Record<string, unknown>[];
}
