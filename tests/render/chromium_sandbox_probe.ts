/**
 * Starts Chromium as netbook does (launchChromium), opens chrome://sandbox, and prints what it
 * shows, with the browser's user and command line, as JSON: chromium_runs_in_its_sandbox_test.ts
 * runs it with the renderer's config (lib/render/mermaid_page/deno.json), where puppeteer is.
 */
import { launchChromium } from "../../lib/render/mermaid_page/chromium.ts";

const browser = await launchChromium(Deno.args[0]);
try {
  const page = await browser.newPage();
  await page.goto("chrome://sandbox");
  const pid = browser.process()!.pid!;
  console.log(JSON.stringify({
    sandbox: await page.evaluate("document.body.innerText"),
    uid: Number(/^Uid:\s+(\d+)/m.exec(Deno.readTextFileSync(`/proc/${pid}/status`))![1]),
    args: Deno.readTextFileSync(`/proc/${pid}/cmdline`).split("\0"),
  }));
} finally {
  await browser.close();
}
Deno.exit(0); // puppeteer may leave handles open
