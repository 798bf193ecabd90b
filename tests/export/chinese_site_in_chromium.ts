/**
 * Opens a two-language exported site in Chromium and fails (exit 1, the assertion on stderr) if
 * its Chinese page does not show Chinese as real glyphs: the_chinese_site_shows_real_glyphs_in
 * _chromium_test.ts runs it, with the renderer worker's config (puppeteer stays out of the main
 * import graph):
 *
 *   deno run -A --config lib/render/mermaid_page/deno.json THIS_FILE SITE.json
 *
 * SITE.json: `{ outDir, chromium, en, zh, zhIndex, word, shots }`: the English page, its Chinese
 * twin, the Chinese index (paths in outDir), a Chinese word of the twin's narrative to search,
 * and a folder for the screenshots.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium, type Page } from "../../lib/render/mermaid_page/chromium.ts";

export interface ChineseSite {
  outDir: string;
  chromium: string;
  en: string;
  zh: string;
  zhIndex: string;
  word: string;
  shots: string;
}

/** The fonts Chromium drew an element's text with, and how many glyphs from each. */
async function fontsOf(page: Page, selector: string): Promise<{ name: string; glyphs: number }[]> {
  const cdp = await page.createCDPSession();
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument");
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  await cdp.detach();
  return fonts.map((f) => ({ name: f.familyName, glyphs: f.glyphCount }));
}

/** A screenshot of `text` set in the page's own font, as the page's headings are. */
async function shot(page: Page, text: string, file: string): Promise<Uint8Array> {
  await page.evaluate((t) => {
    // deno-lint-ignore no-explicit-any -- the page's document (no DOM types here)
    const d = (globalThis as any).document;
    d.getElementById("nb-glyph-probe")?.remove();
    const span = d.createElement("span");
    span.id = "nb-glyph-probe";
    span.textContent = t;
    span.style.cssText =
      "font-size:48px;display:inline-block;padding:4px;background:#fff;color:#000";
    d.querySelector("h1").after(span);
  }, text);
  const bytes = await (await page.$("#nb-glyph-probe"))!.screenshot({ type: "png" });
  await writeFile(file, bytes);
  return bytes;
}

const same = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

async function walk(site: ChineseSite, page: Page): Promise<void> {
  const url = (file: string) => pathToFileURL(join(site.outDir, file)).href;
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e}`));
  page.on("request", (r) => {
    if (!/^(file|data):/.test(r.url())) problems.push(`not offline: ${r.url()}`);
  });

  await page.goto(url(site.zh), { waitUntil: "load" });
  assert.equal(await page.evaluate("document.documentElement.lang"), "zh-CN");
  const family = await page.$eval("h1", (h) =>
    // deno-lint-ignore no-explicit-any -- the page's window
    (globalThis as any).getComputedStyle(h).fontFamily as string);
  assert.match(
    family,
    /^"?Noto Sans CJK SC"?/,
    `the Chinese page asks for a CJK face first: ${family}`,
  );

  // The title's Han characters are drawn from a CJK font, every one of them.
  const title = await page.$eval("h1", (h) => h.textContent ?? "");
  const han = [...title].filter((c) => /\p{Script=Han}/u.test(c)).length;
  assert.ok(han > 0, `a Chinese title: ${title}`);
  const fonts = await fontsOf(page, "h1");
  const cjk = fonts.filter((f) => /CJK|Source Han|PingFang|YaHei|WenQuanYi/i.test(f.name));
  assert.ok(
    cjk.reduce((n, f) => n + f.glyphs, 0) >= han,
    `the title's ${han} Han characters drawn with a CJK font: ${JSON.stringify(fonts)}`,
  );

  // Screenshots: two different words look different (boxes of a missing font look alike) and
  // unlike characters no font has (which Chromium draws as boxes).
  const a = await shot(page, "网络命名空间", join(site.shots, "zh-words-a.png"));
  const b = await shot(page, "网桥转发表路", join(site.shots, "zh-words-b.png"));
  const tofu = await shot(
    page,
    "\u{F0001}\u{F0002}\u{F0003}\u{F0004}\u{F0005}\u{F0006}",
    join(site.shots, "boxes.png"),
  );
  assert.ok(!same(a, b), "two Chinese words render differently: real glyphs");
  assert.ok(!same(a, tofu), "Chinese renders unlike characters without a glyph (boxes)");
  assert.ok(!same(b, tofu), "Chinese renders unlike characters without a glyph (boxes)");

  // A language switch on the page, both ways.
  const english = await page.$eval(
    '.nb-languages a[hreflang="en"]',
    (a) => a.getAttribute("href"),
  );
  assert.ok(english, "the Chinese page links its English twin");
  await page.goto(new URL(english, page.url()).href, { waitUntil: "load" });
  assert.equal(await page.evaluate("document.documentElement.lang"), "en");
  assert.ok(await page.$('.nb-languages a[hreflang="zh-CN"]'), "the English page links its twin");

  // The Chinese index's search finds a Chinese word of the page.
  await page.goto(url(site.zhIndex), { waitUntil: "load" });
  await page.waitForSelector(".nb-search input", { visible: true });
  await page.$eval(".nb-search input", (i, q) => {
    (i as unknown as { value: string }).value = q as string;
    i.dispatchEvent(new Event("input"));
  }, site.word);
  const hits = await page.$$eval(
    ".nb-search-results a",
    (as) => as.map((a) => a.getAttribute("href")!),
  );
  const page_ = site.zh.replace(/^zh\//, "");
  assert.ok(hits.some((h) => h.startsWith(page_)), `"${site.word}" found on ${page_}: ${hits}`);
  // What the site's script writes is Chinese on a Chinese page: it reads it from <html>.
  await page.$eval(".nb-search input", (i) => {
    (i as unknown as { value: string }).value = "zzzqqq";
    i.dispatchEvent(new Event("input"));
  });
  assert.equal(
    await page.$eval(".nb-search-results .nb-none", (li) => li.textContent),
    "没有匹配的结果。",
  );
  assert.deepEqual(problems, []);
}

if (import.meta.main) {
  const [description] = Deno.args;
  if (!description) throw new TypeError("usage: chinese_site_in_chromium.ts SITE.json");
  const site: ChineseSite = JSON.parse(await readFile(description, "utf8"));
  const browser = await launchChromium(site.chromium);
  try {
    await walk(site, await browser.newPage());
  } finally {
    await browser.close();
  }
  Deno.exit(0); // puppeteer may leave handles open
}
