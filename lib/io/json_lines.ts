/** A line longer than readJsonLines was told to accept. */
export class LineTooLongError extends Error {
  override name = "LineTooLongError";
}

/**
 * Reads a byte stream as JSON lines: one value per line, in order; blank lines are skipped.
 * Linear in the size of the input, however long a line is and however it arrives. With `limit`,
 * a line longer than that many characters is not kept: LineTooLongError, as soon as it is.
 */
export async function* readJsonLines<T>(
  stream: ReadableStream<Uint8Array>,
  options: { limit?: number } = {},
): AsyncGenerator<T> {
  const limit = options.limit ?? Infinity;
  // The pieces of the line not yet complete; joined once, when its newline arrives.
  let pieces: string[] = [];
  let length = 0;
  const add = (piece: string) => {
    length += piece.length;
    if (length > limit) {
      throw new LineTooLongError(`a line of more than ${limit} characters`);
    }
    pieces.push(piece);
  };
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    let start = 0;
    let nl;
    while ((nl = chunk.indexOf("\n", start)) >= 0) {
      add(chunk.slice(start, nl));
      const line = pieces.join("");
      pieces = [];
      length = 0;
      start = nl + 1;
      if (line.trim()) yield JSON.parse(line) as T;
    }
    if (start < chunk.length) add(chunk.slice(start));
  }
  const last = pieces.join("");
  if (last.trim()) yield JSON.parse(last) as T;
}

const encoder = new TextEncoder();

/** One value as a JSON line, ready to write. */
export function jsonLine(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value) + "\n");
}
