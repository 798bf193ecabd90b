import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { curriculumPaths, loadNotebook } from "../../lib/cli/curriculum.ts";
import type { RunResult } from "../../lib/execute/results.ts";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { pageDiagrams } from "../../lib/export/html_diagrams.ts";
import { INDEX_FILE, pageFile } from "../../lib/export/html_index.ts";
import { exportHtmlSite } from "../../lib/export/html_site.ts";

// CI installs chromium (.ci/run); elsewhere this test needs `apt-get install -y chromium`.
const chromium = Deno.env.get("PUPPETEER_EXECUTABLE_PATH") || "/usr/bin/chromium";
const ignore = !existsSync(chromium) && !Deno.env.get("CI");
if (ignore) console.warn(`ignoring the HTML site test: ${chromium} is missing`);

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

Deno.test({
  name: "the HTML site opens in Chromium offline: no errors, every diagram an SVG, links work",
  ignore,
  // puppeteer keeps a few timers of its own until the browser is gone
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const runs: RunResult[] = [];
    for (const path of await curriculumPaths()) {
      runs.push(await runNotebook(await loadNotebook(path), { mode: "replay" }));
    }
    assert.ok(runs.length >= 2, "a curriculum of several notebooks");
    const tmp = await Deno.makeTempDir({ prefix: "netbook-site-" });
    let browser: Browser | undefined;
    try {
      const outDir = join(tmp, "site");
      await exportHtmlSite(runs, { outDir });
      const url = (file: string) => pathToFileURL(join(outDir, file)).href;
      browser = await puppeteer.launch({
        executablePath: chromium,
        headless: true,
        args: ["--no-sandbox", "--disable-gpu"],
      });
      const page = await browser.newPage();
      await page.setViewport({ width: 390, height: 844 }); // a phone
      const problems = watch(page);

      // The index: every notebook linked, in order, with its summary.
      await open(page, url(INDEX_FILE));
      const listed = await page.$$eval(
        ".nb-toc h2 a",
        (as) => as.map((a) => a.getAttribute("href")),
      );
      assert.deepEqual(listed, runs.map((r) => pageFile(r.notebook)));
      assert.equal(await checkLinks(page, INDEX_FILE), runs.length);
      await follow(page, ".nb-toc h2 a");
      assert.equal(await titleOf(page), runs[0].notebook.meta.title);

      for (const [i, run] of runs.entries()) {
        const name = pageFile(run.notebook);
        await open(page, url(name));
        assert.equal(await titleOf(page), run.notebook.meta.title, name);
        assert.ok(
          await page.$('meta[name="viewport"][content*="width=device-width"]'),
          `${name}: viewport`,
        );

        // Every diagram of the notebook, authored or shown by a cell, is an SVG that has a size.
        const sizes = await page.$$eval(
          "figure.nb-diagram",
          (figures) =>
            figures.map((f) => {
              const svg = f.querySelector(":scope > svg");
              return svg
                ? svg.getBoundingClientRect().width * svg.getBoundingClientRect().height
                : -1;
            }),
        );
        assert.equal(sizes.length, pageDiagrams(run).length, `${name}: diagrams`);
        assert.ok(sizes.every((s) => s > 0), `${name}: every diagram drawn as SVG (${sizes})`);

        // Readable on a phone: wide code and tables scroll in their own box, not the page.
        const width = await page.evaluate("document.documentElement.scrollWidth") as number;
        assert.ok(width <= 390, `${name}: ${width}px wide on a 390px screen`);

        await checkLinks(page, name);
        await follow(page, ".nb-nav-top .nb-contents");
        assert.equal(page.url(), url(INDEX_FILE), `${name}: contents`);

        // Next, then back.
        await open(page, url(name));
        const next = runs[i + 1];
        if (next) {
          await follow(page, ".nb-nav-top a[rel=next]");
          assert.equal(await titleOf(page), next.notebook.meta.title, `${name}: next`);
          await follow(page, ".nb-nav-top a[rel=prev]");
          assert.equal(await titleOf(page), run.notebook.meta.title, `${name}: next, prev`);
        } else {
          assert.equal(await page.$("a[rel=next]"), null, `${name}: the last has no next`);
        }
        if (i === 0) assert.equal(await page.$("a[rel=prev]"), null, "the first has no prev");
      }

      // Dark and light.
      const background = async (scheme: "light" | "dark") => {
        await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
        return await page.evaluate("getComputedStyle(document.body).backgroundColor") as string;
      };
      const light = await background("light");
      const dark = await background("dark");
      assert.notEqual(light, dark, "a dark scheme");

      assert.deepEqual(problems, []);
    } finally {
      await browser?.close();
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
