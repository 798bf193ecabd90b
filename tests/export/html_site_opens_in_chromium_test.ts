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

// CI installs chromium (.ci/run); elsewhere this test needs `apt-get install -y chromium`.
const chromium = Deno.env.get("PUPPETEER_EXECUTABLE_PATH") || "/usr/bin/chromium";
const ignore = !existsSync(chromium) && !Deno.env.get("CI");
if (ignore) console.warn(`ignoring the HTML site test: ${chromium} is missing`);

const path = (p: string) => fileURLToPath(new URL(p, import.meta.url));

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
          path("../../lib/render/mermaid_page/deno.json"),
          path("./html_site_in_chromium.ts"),
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
