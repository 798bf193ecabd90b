/**
 * Reads a byte stream as JSON lines: one value per line, in order; blank lines are skipped.
 * Linear in the size of the input, however long a line is and however it arrives.
 */
export async function* readJsonLines<T>(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<T> {
  // The pieces of the line not yet complete; joined once, when its newline arrives.
  let pieces: string[] = [];
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    let start = 0;
    let nl;
    while ((nl = chunk.indexOf("\n", start)) >= 0) {
      pieces.push(chunk.slice(start, nl));
      const line = pieces.join("");
      pieces = [];
      start = nl + 1;
      if (line.trim()) yield JSON.parse(line) as T;
    }
    if (start < chunk.length) pieces.push(chunk.slice(start));
  }
  const last = pieces.join("");
  if (last.trim()) yield JSON.parse(last) as T;
}

const encoder = new TextEncoder();

/** One value as a JSON line, ready to write. */
export function jsonLine(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value) + "\n");
}
