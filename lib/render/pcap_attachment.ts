/**
 * A capture file that travels with an output: a MIME bundle may carry one under tcpdump's
 * registered type, application/vnd.tcpdump.pcap, in base64. Front ends that can keep a file
 * (the HTML site, the Markdown export) write it beside the page and link it; Jupyter gets a
 * download link. Pure.
 */
import { Buffer } from "node:buffer";
import { escapeHtml, type MimeBundle } from "./mime.ts";
import { messagesOf } from "../i18n/messages.ts";

/** tcpdump's capture format, as IANA registered it. */
export const PCAP_MIME = "application/vnd.tcpdump.pcap";

export function encodePcap(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

/** The capture file a bundle carries, if any. */
export function pcapOf(bundle: MimeBundle): Uint8Array | undefined {
  const text = bundle[PCAP_MIME];
  return text === undefined ? undefined : new Uint8Array(Buffer.from(text, "base64"));
}

/** What a page says under a capture's table, linking its file. */
export function pcapLinkHtml(href: string, bytes: number, lang?: string): string {
  const link = `<a href="${escapeHtml(href)}" download>${
    escapeHtml(href.replace(/^.*[\\/]/, "").replace(/^data:.*/, "capture.pcap"))
  }</a>`;
  return `<p class="nb-pcap">${
    escapeHtml(messagesOf(lang).pcapLine("\u0000", bytes)).replace("\u0000", link)
  }</p>`;
}

/**
 * The bundle as Jupyter gets it: a capture's table gains a link that downloads its file (a data:
 * URL named `name`), since a notebook has no folder to keep it in.
 */
export function withPcapDownload(bundle: MimeBundle, name: string, lang?: string): MimeBundle {
  const text = bundle[PCAP_MIME];
  if (text === undefined || bundle["text/html"] === undefined) return bundle;
  const bytes = Buffer.from(text, "base64").length;
  const link = `<a download="${escapeHtml(name)}" href="data:${PCAP_MIME};base64,${
    escapeHtml(text)
  }">${escapeHtml(name)}</a>`;
  const line = escapeHtml(messagesOf(lang).pcapLine("\u0000", bytes)).replace("\u0000", link);
  return { ...bundle, "text/html": `${bundle["text/html"]}\n<p class="nb-pcap">${line}</p>` };
}
