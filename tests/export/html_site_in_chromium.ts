/**
 * Walks an exported HTML site in Chromium as a reader would, and fails (exit 1, the assertion on
 * stderr) at the first thing that does not work: html_site_opens_in_chromium_test.ts runs it. It
 * drives the browser with puppeteer, so it runs with the renderer worker's config, out of the main
 * import graph:
 *
 *   deno run -A --config lib/render/mermaid_page/deno.json THIS_FILE SITE.json
 *
 * SITE.json: `{ outDir, chromium, index, pages: [{ file, title, diagrams }] }`, in curriculum order;
 * or `{ outDir, chromium, hostile: [file] }`: pages of hostile notebooks, in which no script of
 * theirs may run (see hostile()).
 */
import assert from "node:assert/strict";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchChromium, type Page } from "../../lib/render/mermaid_page/chromium.ts";

export interface SiteToWalk {
  outDir: string;
  chromium: string;
  index: string;
  pages: { file: string; title: string; diagrams: number }[];
  /** The sources page (an extra). */
  sources?: string;
  /** The index's links to the site's other languages (their own indexes). */
  languages?: number;
  /** Pages of hostile notebooks (then nothing else is walked). */
  hostile?: string[];
}

/**
 * A page of a hostile notebook, opened as a reader would: none of its script ran (every attempt
 * marks the document when it runs), no link of it leads to anything but http(s) or a file, its
 * only script elements are the site's own files, and the page's Content-Security-Policy stops an
 * inline script that something else would put in (here: the test itself).
 */
async function hostile(page: Page, url: string): Promise<void> {
  const problems = watch(page);
  await open(page, url);
  // The site's own script marks how it drew the diagrams, and the page carries the words its
  // script writes (data-nb-*, in the page's language); anything else is the notebook's.
  const marks = () =>
    page.evaluate(
      "JSON.stringify(Object.entries(document.documentElement.dataset).filter(([k]) => k !== 'diagrams' && !/^nb[A-Z]/.test(k)))",
    );
  assert.equal(await marks(), "[]", `${url}: a script of the notebook ran`);
  const protocols = await page.$$eval(
    "a[href]",
    (as) => as.map((a) => (a as unknown as { protocol: string }).protocol),
  );
  for (const p of protocols) assert.match(p, /^(https?|file):$/, `${url}: a ${p} link`);
  const scripts = await page.$$eval(
    "script",
    (s) => s.map((e) => [e.getAttribute("src") ?? "", e.textContent ?? ""]),
  );
  for (const [src, text] of scripts) {
    assert.ok(src && !text.trim(), `${url}: a script element that is not a file: ${text}`);
    assert.match(
      new URL(src, url).href,
      /^file:\/\/.*\/(?:site\.js|mermaid\.min\.js|search-[\w-]+\.js)$/,
      `${url}: a script ${src} that is not the site's`,
    );
  }
  const inline = await page.evaluate(`(() => {
    const s = document.createElement("script");
    s.textContent = "document.documentElement.dataset.inline = 'ran'";
    document.head.append(s);
    return document.documentElement.dataset.inline ?? "stopped";
  })()`);
  assert.equal(inline, "stopped", `${url}: no Content-Security-Policy stops inline script`);
  assert.equal(await marks(), "[]");
  assert.ok(
    problems.every((p) => /Content Security Policy/.test(p)),
    `${url}: ${problems.join("\n")}`,
  );
}

/** What went wrong on a page while it loaded: console errors, exceptions, failed or remote loads. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e}`));
  page.on("requestfailed", (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("request", (r) => {
    if (!/^(file|data):/.test(r.url())) problems.push(`not offline: ${r.url()}`);
  });
  return problems;
}

async function open(page: Page, url: string): Promise<void> {
  const response = await page.goto(url, { waitUntil: "load" });
  assert.ok(response === null || response.ok(), `${url} opens`);
  // The site's script draws the diagrams with mermaid: the page says when it is done.
  await page.waitForFunction(
    '["default", "dark", "none"].includes(document.documentElement.dataset.diagrams ?? "")',
    { timeout: 60_000 },
  );
}

/** Each diagram's scale: its drawn width over its own (viewBox) width. */
function diagramScales(page: Page): Promise<number[]> {
  return page.$$eval("figure.nb-diagram", (figures) =>
    figures.map((f) => {
      // deno-lint-ignore no-explicit-any -- an SVGSVGElement (no DOM types here)
      const svg = f.querySelector("svg") as any;
      if (!svg) return -1;
      const box = svg.getBoundingClientRect();
      if (!(box.width * box.height > 0)) return 0;
      return box.width / svg.viewBox.baseVal.width;
    }));
}

const titleOf = (page: Page) => page.$eval("h1", (h) => h.textContent?.trim());

async function follow(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(selector)]);
}

/** Every link of the page: local ones lead to a file that exists, or to an id on the page. */
async function checkLinks(page: Page, name: string): Promise<number> {
  const hrefs = await page.$$eval(
    "a[href]",
    (as) => as.map((a) => (a as unknown as { href: string }).href),
  );
  let local = 0;
  for (const href of hrefs) {
    const url = new URL(href);
    if (url.protocol !== "file:") continue;
    local++;
    const file = fileURLToPath(new URL(url.pathname, url));
    assert.ok((await stat(file).catch(() => undefined))?.isFile(), `${name}: ${href} is a file`);
    if (url.hash && url.pathname === new URL(page.url()).pathname) {
      const id = decodeURIComponent(url.hash.slice(1));
      assert.ok(await page.$(`[id="${id}"]`), `${name}: ${href} has its target`);
    }
  }
  return local;
}

async function walk(site: SiteToWalk, page: Page): Promise<void> {
  const url = (file: string) => pathToFileURL(join(site.outDir, file)).href;
  await page.setViewport({ width: 390, height: 844 }); // a phone
  const problems = watch(page);

  // The index: every notebook linked, in order, with its summary.
  await open(page, url(site.index));
  const listed = await page.$$eval(".nb-toc h2 a", (as) => as.map((a) => a.getAttribute("href")));
  assert.deepEqual(listed, site.pages.map((p) => p.file));
  assert.equal(
    await checkLinks(page, site.index),
    site.pages.length + (site.sources ? 1 : 0) + (site.languages ?? 0),
  );
  await follow(page, ".nb-toc h2 a");
  assert.equal(await titleOf(page), site.pages[0]?.title);

  for (const [i, { file, title, diagrams }] of site.pages.entries()) {
    await open(page, url(file));
    assert.equal(await titleOf(page), title, file);
    assert.ok(
      await page.$('meta[name="viewport"][content*="width=device-width"]'),
      `${file}: viewport`,
    );

    // Every diagram of the notebook, authored or shown by a cell, is drawn as an SVG, at no less
    // than 80% of its own size on a phone (a big one scrolls sideways in its box).
    const scales = await diagramScales(page);
    assert.equal(scales.length, diagrams, `${file}: diagrams`);
    assert.ok(scales.every((s) => s >= 0.79), `${file}: every diagram drawn, readable (${scales})`);

    // A drawn diagram's "Full size" button is in sight, inside its card, not scrolled away.
    const hidden = await page.evaluate(
      `[...document.querySelectorAll("figure.nb-drawn .nb-full-size")]
      .filter((b) => {
        const r = b.getBoundingClientRect(), f = b.closest("figure").getBoundingClientRect();
        return !(r.width > 0 && r.left >= f.left && r.right <= f.right);
      }).length`,
    );
    assert.equal(hidden, 0, `${file}: a diagram's button out of sight`);

    // Code is highlighted in the page as it came, no script needed for that.
    if (await page.$(".nb-code")) {
      assert.ok(await page.$(".nb-code .hljs-keyword"), `${file}: TypeScript highlighted`);
    }

    // Every heading of the narrative has an id and a link to itself; the contents lead to them.
    // (An exercise's heading is its section's, which has the id; HTML a cell shows is not the
    // narrative.)
    const headings = await page.$$eval(
      ".nb-notebook > h2, .nb-notebook > h3",
      (hs) =>
        hs.map((h) => ({ id: h.id, self: h.querySelector("a.nb-anchor")?.getAttribute("href") })),
    );
    for (const h of headings) assert.equal(h.self, `#${h.id}`, `${file}: heading anchor ${h.id}`);
    const toc = await page.$$eval(".nb-page-toc a", (as) => as.map((a) => a.getAttribute("href")));
    for (const href of toc) {
      assert.ok(await page.$(`[id="${href!.slice(1)}"]`), `${file}: contents link ${href}`);
    }

    // Readable on a phone: wide code and tables scroll in their own box, not the page.
    const width = await page.evaluate("document.documentElement.scrollWidth") as number;
    assert.ok(width <= 390, `${file}: ${width}px wide on a 390px screen`);

    await checkLinks(page, file);
    await follow(page, ".nb-nav-top .nb-contents");
    assert.equal(page.url(), url(site.index), `${file}: contents`);

    // Next, then back.
    await open(page, url(file));
    const next = site.pages[i + 1];
    if (next) {
      await follow(page, ".nb-nav-top a[rel=next]");
      assert.equal(await titleOf(page), next.title, `${file}: next`);
      await follow(page, ".nb-nav-top a[rel=prev]");
      assert.equal(await titleOf(page), title, `${file}: next, prev`);
    } else {
      assert.equal(await page.$("a[rel=next]"), null, `${file}: the last has no next`);
    }
    if (i === 0) assert.equal(await page.$("a[rel=prev]"), null, "the first has no prev");
  }

  // Dark and light.
  const background = async (scheme: "light" | "dark") => {
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    return await page.evaluate("getComputedStyle(document.body).backgroundColor") as string;
  };
  assert.notEqual(await background("light"), await background("dark"), "a dark scheme");

  await checkReading(site, page);
  assert.deepEqual(problems, []);
}

/** A colour's lightness, 0 (black) to 1 (white), from `rgb(r, g, b)`. */
function lightness(colour: string): number {
  const [r = 0, g = 0, b = 0] = (colour.match(/[\d.]+/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

/** What a reader does besides turning pages: copy, follow links, search, read in the dark. */
async function checkReading(site: SiteToWalk, page: Page): Promise<void> {
  const url = (file: string) => pathToFileURL(join(site.outDir, file)).href;
  const vxlan = site.pages.find((p) => p.file.startsWith("07-"))!;
  await page.setViewport({ width: 1280, height: 900 });
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
  await open(page, url(vxlan.file));

  // A transcript's button copies the plain shell command, not the `await $` line.
  // The clipboard's write, watched (the page's own copy goes through it).
  await page.evaluate(
    "window.copied = []; navigator.clipboard.writeText = (t) => (window.copied.push(t), Promise.resolve());",
  );
  const shown = await page.$eval(".nb-command .nb-shell", (c) => c.textContent);
  await page.click(".nb-command .nb-copy");
  const copied = await page.evaluate("window.copied") as string[];
  assert.deepEqual(copied, [shown], "the copy button copies the command as shown");
  const [command = ""] = copied;
  assert.doesNotMatch(command, /^(\$|await)/);
  assert.match(command, /^ip /);

  // "notebook 06" in the narrative is a link to it.
  const to06 = await page.$$eval(
    "a.nb-notebook-link",
    (as) => as.map((a) => a.getAttribute("href")),
  );
  assert.ok(to06.some((h) => h?.startsWith("06-")), `07 links notebook 06: ${to06}`);

  // The trace table's rule column is whole at 1280 px: nothing scrolls out of sight.
  const forward = site.pages.find((p) => p.file.startsWith("03-"))!;
  await open(page, url(forward.file));
  const cut = await page.$$eval(
    ".nb-html",
    (boxes) =>
      boxes.filter((b) => b.querySelector("table.nb-trace"))
        .map((b) => b.scrollWidth - b.clientWidth),
  );
  assert.ok(cut.length > 0 && cut.every((c) => c <= 1), `the trace table fits at 1280 px: ${cut}`);

  // Dark: each diagram drawn in mermaid's dark theme, not a white card.
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
  await open(page, url(vxlan.file));
  const themes = await page.$$eval(
    "figure.nb-diagram",
    (fs) => fs.map((f) => f.getAttribute("data-theme")),
  );
  assert.ok(themes.length > 0 && themes.every((t) => t === "dark"), `dark diagrams: ${themes}`);
  const fills = await page.$$eval(
    "figure.nb-diagram .node rect, figure.nb-diagram rect.actor",
    // deno-lint-ignore no-explicit-any -- the page's window (no DOM types here)
    (rs) => rs.slice(0, 5).map((r) => (globalThis as any).getComputedStyle(r).fill),
  );
  assert.ok(fills.length && fills.every((f) => lightness(f) < 0.5), `dark boxes: ${fills}`);
  const card = await page.$eval(
    "figure.nb-diagram", // deno-lint-ignore no-explicit-any -- the page's window
    (f) => (globalThis as any).getComputedStyle(f).backgroundColor,
  );
  assert.ok(lightness(card) < 0.5, `a dark card: ${card}`);
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);

  // The sources page links a source's URL.
  if (site.sources) {
    await open(page, url(site.sources));
    const links = await page.$$eval(
      "a.nb-source-link",
      (as) => as.map((a) => a.getAttribute("href")),
    );
    assert.ok(links.some((h) => h?.startsWith("https://")), `sources link their URLs: ${links}`);
  }

  // Search, from file://: English words (a word's beginning too) and Chinese.
  await open(page, url(site.index));
  const search = async (query: string) => {
    await page.$eval(".nb-search input", (i, q) => {
      (i as unknown as { value: string }).value = q as string;
      i.dispatchEvent(new Event("input"));
    }, query);
    return await page.$$eval(
      ".nb-search-results a",
      (as) => as.map((a) => a.getAttribute("href")!),
    );
  };
  assert.ok((await search("flannel.1 vxla")).some((h) => h.startsWith(vxlan.file)), "vxlan found");
  const chinese = await search("网络通信");
  assert.ok(chinese.length > 0, "a Chinese title is found");
  assert.deepEqual(await search("zzqxj"), [], "a word in no page finds nothing");
  // A result leads to its section.
  const hit = (await search("hairpin"))[0];
  assert.ok(hit, "hairpin found");
  await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.click(".nb-search-results a"),
  ]);
  const target = new URL(page.url()).hash.slice(1);
  if (target) assert.ok(await page.$(`[id="${decodeURIComponent(target)}"]`), `${hit}: its anchor`);
}

if (import.meta.main) {
  const [description] = Deno.args;
  if (!description) throw new TypeError("usage: html_site_in_chromium.ts SITE.json");
  const site: SiteToWalk = JSON.parse(await readFile(description, "utf8"));
  const browser = await launchChromium(site.chromium);
  try {
    for (const file of site.hostile ?? []) {
      await hostile(await browser.newPage(), pathToFileURL(join(site.outDir, file)).href);
    }
    if (!site.hostile) await walk(site, await browser.newPage());
  } finally {
    await browser.close();
  }
  Deno.exit(0); // puppeteer may leave handles open
}
