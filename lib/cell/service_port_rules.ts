/**
 * What kube-proxy's two rule sets (iptables and nftables) share as values: a lookup of one
 * service port by name, and their display as the rules' own text.
 */
import { escapeHtml, type MimeBundle } from "../render/mime.ts";

/** One service port of `services`, by its name ("default/web:http"); a clear error if none. */
export function findServicePort<T extends { name: string }>(
  services: readonly T[],
  name: string,
): T {
  const found = services.find((s) => s.name === name);
  if (!found) {
    throw new Error(`no service port ${name} (have ${services.map((s) => s.name).join(", ")})`);
  }
  return found;
}

/** Rules shown as their text: plain without its last newline, in a <pre> as HTML. */
export function rulesBundle(text: string): MimeBundle {
  return {
    "text/plain": text.replace(/\n$/, ""),
    "text/html": `<pre class="nb-rules">${escapeHtml(text)}</pre>`,
  };
}
