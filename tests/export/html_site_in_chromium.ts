/**
 * Walks an exported HTML site in Chromium as a reader would, and fails (exit 1, the assertion on
 * stderr) at the first thing that does not work: html_site_opens_in_chromium_test.ts runs it. It
 * drives the browser with puppeteer, so it runs with the renderer worker's config, out of the main
 * import graph:
 *
 *   deno run -A --config lib/render/mermaid_cli/deno.json THIS_FILE SITE.json
 *
 * SITE.json: `{ outDir, chromium, index, pages: [{ file, title, diagrams }] }`, in curriculum order;
 * or `{ outDir, chromium, hostile: [file] }`: pages of hostile notebooks, in which no script of
 * theirs may run (see hostile()).
 */
import assert from "node:assert/strict";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchChromium, type Page } from "../../lib/render/mermaid_cli/chromium.ts";

export interface SiteToWalk {
  outDir: string;
  chromium: string;
  index: string;
  pages: { file: string; title: string; diagrams: number }[];
  hostile?: string[];
}

/**
 * A page of a hostile notebook, opened as a reader would: none of its script ran (every attempt
 * marks the document when it runs), no link of it leads to anything but http(s) or a file, it
 * holds no script element, and the page's Content-Security-Policy stops an inline script that
 * something else would put in (here: the test itself).
 */
async function hostile(page: Page, url: string): Promise<void> {
  const problems = watch(page);
  await open(page, url);
  const marks = () => page.evaluate("JSON.stringify(document.documentElement.dataset)");
  assert.equal(await marks(), "{}", `${url}: a script of the notebook ran`);
  const protocols = await page.$$eval(
    "a[href]",
    (as) => as.map((a) => (a as unknown as { protocol: string }).protocol),
  );
  for (const p of protocols) assert.match(p, /^(https?|file):$/, `${url}: a ${p} link`);
  assert.equal(await page.$$eval("script", (s) => s.length), 0, `${url}: a script element`);
  const inline = await page.evaluate(`(() => {
    const s = document.createElement("script");
    s.textContent = "document.documentElement.dataset.inline = 'ran'";
    document.head.append(s);
    return document.documentElement.dataset.inline ?? "stopped";
  })()`);
  assert.equal(inline, "stopped", `${url}: no Content-Security-Policy stops inline script`);
  assert.equal(await marks(), "{}");
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
  assert.equal(await checkLinks(page, site.index), site.pages.length);
  await follow(page, ".nb-toc h2 a");
  assert.equal(await titleOf(page), site.pages[0].title);

  for (const [i, { file, title, diagrams }] of site.pages.entries()) {
    await open(page, url(file));
    assert.equal(await titleOf(page), title, file);
    assert.ok(
      await page.$('meta[name="viewport"][content*="width=device-width"]'),
      `${file}: viewport`,
    );

    // Every diagram of the notebook, authored or shown by a cell, is an SVG that has a size.
    const sizes = await page.$$eval(
      "figure.nb-diagram",
      (figures) =>
        figures.map((f) => {
          const svg = f.querySelector(":scope > svg");
          return svg ? svg.getBoundingClientRect().width * svg.getBoundingClientRect().height : -1;
        }),
    );
    assert.equal(sizes.length, diagrams, `${file}: diagrams`);
    assert.ok(sizes.every((s) => s > 0), `${file}: every diagram drawn as SVG (${sizes})`);

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

  assert.deepEqual(problems, []);
}

if (import.meta.main) {
  const site: SiteToWalk = JSON.parse(await readFile(Deno.args[0], "utf8"));
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
