/**
 * Chromium draws what a stranger's notebook wrote: it keeps its sandbox (never --no-sandbox), and
 * as root it runs as an unprivileged user that owns nothing. chrome://sandbox says what it has.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

// CI installs chromium (.ci/run); elsewhere this test needs `apt-get install -y chromium`.
const chromium = Deno.env.get("PUPPETEER_EXECUTABLE_PATH") || "/usr/bin/chromium";
const ignore = !existsSync(chromium) && !Deno.env.get("CI");
const path = (p: string) => fileURLToPath(new URL(p, import.meta.url));
/** lib/render/mermaid_page/chromium.ts's BROWSER_UID (not imported: that file imports puppeteer). */
const BROWSER_UID = 2_099_999_999;

Deno.test({
  name: "Chromium runs in its own sandbox, as no one when netbook is root",
  ignore,
  async fn() {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--quiet",
        "--config",
        path("../../lib/render/mermaid_page/deno.json"),
        path("./chromium_sandbox_probe.ts"),
        chromium,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const d = new TextDecoder();
    assert.ok(out.success, d.decode(out.stderr));
    const { sandbox, uid, args } = JSON.parse(d.decode(out.stdout)) as {
      sandbox: string;
      uid: number;
      args: string[];
    };
    assert.ok(!args.includes("--no-sandbox"), args.join(" "));
    assert.equal(uid, Deno.uid() === 0 ? BROWSER_UID : Deno.uid());
    assert.match(sandbox, /Layer 1 Sandbox\s+Namespace/);
    assert.match(sandbox, /PID namespaces\s+Yes/);
    assert.match(sandbox, /Seccomp-BPF sandbox\s+Yes/);
    assert.match(sandbox, /You are adequately sandboxed\./);
  },
});
