/**
 * Debian's Chromium, started by puppeteer for the renderer's worker and for the tests and benches
 * that drive a browser: all of them run with this folder's deno.json, so puppeteer and its
 * packages stay out of the main import graph.
 */
import puppeteer, { type Browser } from "puppeteer-core";

export type { Browser, Page } from "puppeteer-core";

/** Flags for Debian's Chromium in containers and CI: no sandbox, GPU, or background traffic. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--headless",
];

/** $PUPPETEER_EXECUTABLE_PATH, else /usr/bin/chromium (Debian's `chromium`). */
export function chromiumPath(): string {
  return Deno.env.get("PUPPETEER_EXECUTABLE_PATH") || "/usr/bin/chromium";
}

/** Starts a headless Chromium (`executablePath` must exist: callers check, to say what to install). */
export function launchChromium(executablePath = chromiumPath()): Promise<Browser> {
  return puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
