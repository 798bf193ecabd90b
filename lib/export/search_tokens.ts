/**
 * The site's search tokenizer, used to build the index (at export) and to read a query (in the
 * page: site_script.ts embeds this very function's source): Latin words, lower-cased, kept whole
 * with their dots, dashes and colons (`flannel.1`, `10.244.1.2`, `kube-proxy`) and also in their
 * parts; Chinese (Han) text as pairs of neighbouring characters (a lone character stands for
 * itself), which finds a word of two or more characters without a dictionary. Self-contained:
 * it must run in a page as it is written. Pure.
 */
export function searchTokens(text: string): string[] {
  const out: string[] = [];
  const words = /\p{Script=Han}+|[\p{L}\p{N}_]+(?:[.:\/-][\p{L}\p{N}_]+)*/gu;
  const han = /^\p{Script=Han}+$/u;
  for (const match of text.normalize("NFKC").toLowerCase().matchAll(words)) {
    const word = match[0];
    if (han.test(word)) {
      const chars = Array.from(word);
      if (chars.length === 1) out.push(word);
      for (const [i, char] of chars.slice(0, -1).entries()) out.push(char + chars[i + 1]);
      continue;
    }
    // A Latin run may hold Han characters too (\p{L}): split them off.
    const parts = word.split(/(\p{Script=Han}+)/u).filter(Boolean);
    if (parts.length > 1) {
      for (const part of parts) out.push(...searchTokens(part));
      continue;
    }
    out.push(word);
    if (/[.:\/-]/.test(word)) {
      for (const piece of word.split(/[.:\/-]+/)) if (piece) out.push(piece);
    }
  }
  return out;
}
