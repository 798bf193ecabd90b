/**
 * The HTML site in two languages, opened in Chromium: the Chinese page is `lang="zh-CN"`, its
 * Chinese is drawn with a CJK font as real glyphs (checked on screenshots, against the boxes of
 * characters no font has), each page switches to its twin, and the Chinese search finds a Chinese
 * word. The browser is driven by chinese_site_in_chromium.ts (puppeteer, its own config).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { INDEX_FILE, pageFile } from "../../lib/export/html_index.ts";
import { exportHtmlSite } from "../../lib/export/html_site.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { chineseTwin, dataPath, readData } from "../support.ts";

// CI installs chromium and fonts-noto-cjk (.ci/run); elsewhere this test needs both.
const chromium = Deno.env.get("PUPPETEER_EXECUTABLE_PATH") || "/usr/bin/chromium";
const ignore = !existsSync(chromium) && !Deno.env.get("CI");
if (ignore) console.warn(`ignoring the Chinese site test: ${chromium} is missing`);

const path = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const WORD = "网络命名空间";

Deno.test({
  name: "the Chinese site in Chromium: zh-CN, real CJK glyphs, a switch to the twin, search",
  ignore,
  async fn() {
    const tmp = await Deno.makeTempDir({ prefix: "netbook-zh-site-" });
    await Deno.chmod(tmp, 0o755); // as root, Chromium runs as no one: the site must be readable
    try {
      await Deno.mkdir(join(tmp, "nb", "zh"), { recursive: true });
      const en = join(tmp, "nb", "exercises.md");
      const zh = join(tmp, "nb", "zh", "exercises.md");
      await Deno.copyFile(dataPath("exercises.md"), en);
      await Deno.copyFile(
        dataPath("exercises.fixture.json"),
        join(tmp, "nb", "exercises.fixture.json"),
      );
      await Deno.writeTextFile(
        zh,
        chineseTwin(await readData("exercises.md"), {
          title: "练习：给网络命名空间一个地址",
          narrative: `先有一个${WORD}，再给它的接口一个地址。`,
        }),
      );
      const runs = [];
      for (const p of [en, zh]) {
        const run = await runNotebook(parseNotebook(await Deno.readTextFile(p), p), {
          mode: "replay",
        });
        assert.ok(run.ok, run.error?.message);
        runs.push(run);
      }
      const outDir = join(tmp, "site");
      await exportHtmlSite(runs, { outDir });
      const shots = join(tmp, "shots");
      await Deno.mkdir(shots);
      await Deno.chmod(shots, 0o777);
      const [enRun, zhRun] = runs;
      assert.ok(enRun && zhRun);
      const site = { // chinese_site_in_chromium.ts's ChineseSite (not imported: puppeteer)
        outDir,
        chromium,
        en: pageFile(enRun.notebook),
        zh: `zh/${pageFile(zhRun.notebook)}`,
        zhIndex: `zh/${INDEX_FILE}`,
        word: WORD,
        shots,
      };
      await Deno.writeTextFile(join(tmp, "site.json"), JSON.stringify(site));
      const { code, stderr } = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "--quiet",
          "--config",
          path("../../lib/render/mermaid_page/deno.json"),
          path("./chinese_site_in_chromium.ts"),
          join(tmp, "site.json"),
        ],
        stdout: "inherit",
        stderr: "piped",
      }).output();
      assert.equal(code, 0, new TextDecoder().decode(stderr));
      for (const png of ["zh-words-a.png", "zh-words-b.png", "boxes.png"]) {
        assert.ok((await Deno.stat(join(shots, png))).size > 0, `${png} taken`);
      }
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
