/** The edit distance between two words (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  // row[j]: the distance from the part of `a` read so far to the first j characters of `b`.
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 0; i < a.length; i++) {
    const [corner = i, ...above] = row;
    const next = [i + 1];
    let diagonal = corner, left = i + 1;
    for (const [j, up] of above.entries()) {
      left = Math.min(up + 1, left + 1, diagonal + (a[i] === b[j] ? 0 : 1));
      next.push(left);
      diagonal = up;
    }
    row = next;
  }
  return row.at(-1) ?? 0;
}

/** The known word nearest to `word`, if one is near enough to be what was meant. */
export function nearest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let score = Infinity;
  for (const k of known) {
    const d = k.startsWith(word) || word.startsWith(k) ? 1 : distance(word, k);
    if (d < score) [best, score] = [k, d];
  }
  return score <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
