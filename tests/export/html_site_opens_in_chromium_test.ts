/**
 * The exported site, opened in Chromium. The browser is driven by html_site_in_chromium.ts, run
 * with the renderer worker's config (lib/render/mermaid_page/deno.json): puppeteer stays out of the
 * main import graph and its lock.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { curriculumPaths, loadNotebook } from "../../lib/cli/curriculum.ts";
import type { RunResult } from "../../lib/execute/results.ts";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { pageDiagrams } from "../../lib/export/html_diagrams.ts";
import { INDEX_FILE, pageFile } from "../../lib/export/html_index.ts";
import { exportHtmlSite } from "../../lib/export/html_site.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { dataPath, liveOnly } from "../support.ts";
import { labBackends } from "../../lib/lab/backends.ts";

// CI installs chromium (.ci/run); elsewhere this test needs `apt-get install -y chromium`.
const chromium = Deno.env.get("PUPPETEER_EXECUTABLE_PATH") || "/usr/bin/chromium";
const ignore = !existsSync(chromium) && !Deno.env.get("CI");
if (ignore) console.warn(`ignoring the HTML site test: ${chromium} is missing`);

const path_ = (p: string) => fileURLToPath(new URL(p, import.meta.url));

Deno.test({
  name: "the HTML site in Chromium offline: diagrams drawn light and dark at a readable size, " +
    "code highlighted, copy, anchors, links and search work, no errors",
  ignore,
  async fn() {
    const runs: RunResult[] = [];
    for (const notebook of await curriculumPaths()) {
      runs.push(await runNotebook(await loadNotebook(notebook), { mode: "replay" }));
    }
    const sources = await runNotebook(await loadNotebook("notebooks/sources.md"), {
      mode: "replay",
    });
    assert.ok(runs.length >= 2, "a curriculum of several notebooks");
    const tmp = await Deno.makeTempDir({ prefix: "netbook-site-" });
    // As root, Chromium runs as no one: the site must be readable by others, as a site is.
    await Deno.chmod(tmp, 0o755);
    try {
      const outDir = join(tmp, "site");
      await exportHtmlSite(runs, { outDir, extras: [sources] });
      const site = { // html_site_in_chromium.ts's SiteToWalk (not imported: it imports puppeteer)
        outDir,
        chromium,
        index: INDEX_FILE,
        sources: pageFile(sources.notebook),
        pages: runs.map((run) => ({
          file: pageFile(run.notebook),
          title: run.notebook.meta.title,
          diagrams: pageDiagrams(run).length,
        })),
      };
      await Deno.writeTextFile(join(tmp, "site.json"), JSON.stringify(site));
      const { code, stderr } = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "--quiet",
          "--config",
          path_("../../lib/render/mermaid_page/deno.json"),
          path_("./html_site_in_chromium.ts"),
          join(tmp, "site.json"),
        ],
        stdout: "inherit",
        stderr: "piped",
      }).output();
      assert.equal(code, 0, new TextDecoder().decode(stderr));
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});

Deno.test({
  name: "a stranger's notebook runs no script of its own in its exported page",
  ignore: ignore || (await liveOnly()).ignore,
  async fn() {
    const tmp = await Deno.makeTempDir({ prefix: "netbook-hostile-site-" });
    // As root, Chromium runs as no one: the site must be readable by others, as a site is.
    await Deno.chmod(tmp, 0o755);
    try {
      const path = join(tmp, "html_export.md");
      await Deno.copyFile(dataPath("hostile/html_export.md"), path);
      const run = await runNotebook(parseNotebook(await Deno.readTextFile(path), path), {
        mode: "live",
        backends: labBackends(),
      });
      assert.ok(run.ok, run.error?.message);
      const outDir = join(tmp, "site");
      await exportHtmlSite([run], { outDir });
      const html = await Deno.readTextFile(join(outDir, pageFile(run.notebook)));
      assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
      // The notebook's attempts are on the page as text (its code, its narrative), never as
      // a script element (the site's own scripts are files), an event handler or a javascript:
      // link.
      const own =
        /<script src="(?:\.\.\/)?(?:site\.js|mermaid\.min\.js|search-index\.js)" defer><\/script>/g;
      assert.doesNotMatch(
        html.replace(own, ""),
        /<script\b|<[^>]*\son[a-z]+\s*=|href="\s*javascript:/i,
      );
      assert.match(html, /<img alt="a diagram the notebook drew" src="data:image\/svg\+xml;/);
      const site = { outDir, chromium, hostile: [pageFile(run.notebook)] };
      await Deno.writeTextFile(join(tmp, "site.json"), JSON.stringify(site));
      const { code, stderr } = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "--quiet",
          "--config",
          path_("../../lib/render/mermaid_page/deno.json"),
          path_("./html_site_in_chromium.ts"),
          join(tmp, "site.json"),
        ],
        stdout: "inherit",
        stderr: "piped",
      }).output();
      assert.equal(code, 0, new TextDecoder().decode(stderr));
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
