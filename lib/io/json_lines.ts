/** Reads a byte stream as JSON lines: one value per line, in order; blank lines are skipped. */
export async function* readJsonLines<T>(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<T> {
  let pending = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    const parts = (pending + chunk).split("\n");
    pending = parts.pop()!;
    for (const line of parts) if (line.trim()) yield JSON.parse(line) as T;
  }
  if (pending.trim()) yield JSON.parse(pending) as T;
}

const encoder = new TextEncoder();

/** One value as a JSON line, ready to write. */
export function jsonLine(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value) + "\n");
}
