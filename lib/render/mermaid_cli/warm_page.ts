/**
 * One Chromium page with mermaid loaded (in_page.js's setup()), drawing diagram after diagram:
 * a diagram costs one call into the page, not a page load and mermaid's ~3 MB of modules.
 */
import type { Browser, ConsoleMessage, Page } from "puppeteer";
import type { PageFiles } from "./page_files.ts";
import type { RenderRequest } from "./protocol.ts";
import { renumberSequenceActors } from "./sequence_actor_ids.ts";

type Drawing = Omit<RenderRequest, "id">;

const claimed = new WeakSet<Page>();

/** The tab Chromium opens with, taken once: it saves opening one (a second, on a busy machine). */
async function blankTab(browser: Browser): Promise<Page | undefined> {
  const page = (await browser.pages()).find((p) => p.url() === "about:blank" && !claimed.has(p));
  if (page) claimed.add(page);
  return page;
}

export class WarmPage {
  private constructor(readonly page: Page, readonly files: PageFiles) {}

  /**
   * Loads mermaid into a page: the browser's first, blank tab if it is still unused, else a new
   * one. `log` hears what the page prints.
   */
  static async open(browser: Browser, files: PageFiles, log: (line: string) => void) {
    const page = await blankTab(browser) ?? await browser.newPage();
    try {
      page.on("console", (message: ConsoleMessage) => {
        // 404s are normal while the font embedder looks for a stylesheet's LICENSE
        if (!message.location().url?.includes("LICENSE")) log(message.text());
      });
      page.on("pageerror", (error) => log(String(error)));
      await page.setRequestInterception(true);
      page.on("request", (request) => void files.answer(request).catch((e) => log(String(e))));
      await page.goto(files.index);
      await page.evaluate(
        (inPage: string, urls) => import(inPage).then((m) => m.setup(urls)),
        files.inPage,
        files.urls,
      );
      return new WarmPage(page, files);
    } catch (error) {
      await page.close().catch(() => {});
      throw error;
    }
  }

  /** The SVG for one diagram, as a fresh page draws it; mermaid's own message if it cannot. */
  async render(drawing: Drawing): Promise<string> {
    const svg = await this.page.evaluate(
      (inPage: string, drawing: Drawing) => import(inPage).then((m) => m.render(drawing)),
      this.files.inPage,
      drawing,
    ) as string;
    return renumberSequenceActors(svg);
  }

  /** Whether the page still answers with mermaid loaded (asked after a diagram failed). */
  ready(): Promise<boolean> {
    if (this.page.isClosed()) return Promise.resolve(false);
    return this.page.evaluate(
      (inPage: string) => import(inPage).then((m) => m.ready() === true),
      this.files.inPage,
    ).catch(() => false);
  }

  close(): Promise<void> {
    return this.page.close().catch(() => {});
  }
}
