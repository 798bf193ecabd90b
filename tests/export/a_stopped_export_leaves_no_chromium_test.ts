/**
 * Chromium goes with whoever started it: Ctrl-C or SIGTERM of `deno task export --to ipynb` while
 * diagrams are drawn stops it at once (it says so, and writes nothing), and Ctrl-C or kill -9 of a
 * process that draws diagrams (a benchmark stopped) leaves no Chromium either. Each case starts from an
 * empty diagram cache, in a session of its own, and is stopped once Chromium runs.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, ended, type HostProcess, processes, waitFor } from "../lab/host_processes.ts";

const chromium = Deno.env.get("PUPPETEER_EXECUTABLE_PATH") || "/usr/bin/chromium";
const ignore = !existsSync(chromium) && !Deno.env.get("CI");
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** How long the stopped processes may take to go (in practice, well under a second). */
const CLEANUP_MS = 5_000;
const DENO_DIR = Deno.env.get("DENO_DIR") ?? join(Deno.env.get("HOME") ?? "/root", ".cache/deno");

/** The process `pid` and every process under it. */
function tree(pid: number): HostProcess[] {
  const all = processes();
  const found = all.filter((p) => p.pid === pid);
  // The loop reaches the children it adds too: an array's iterator reads its length each step.
  for (const parent of found) found.push(...all.filter((p) => p.ppid === parent.pid));
  return found;
}

const isChromium = (p: HostProcess) => /chromium/.test(p.args.split(" ")[0] ?? "");

/** Starts `args` in a session of its own, with an empty cache; stops it once Chromium runs. */
async function stopWhileDrawing(
  args: string[],
  stop: (child: Deno.ChildProcess, tree: HostProcess[]) => void,
  ready: (out: string) => boolean = () => true,
): Promise<{ status: Deno.CommandStatus; out: string; dir: string }> {
  const dir = await Deno.makeTempDir({ prefix: "netbook-stopped-export-" });
  const child = new Deno.Command("setsid", {
    args,
    cwd: ROOT,
    env: { NO_COLOR: "1", XDG_CACHE_HOME: join(dir, "cache"), DENO_DIR },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let out = "";
  const gather = async (s: ReadableStream<Uint8Array>) => {
    for await (const text of s.pipeThrough(new TextDecoderStream())) out += text;
  };
  const done = Promise.all([gather(child.stdout), gather(child.stderr)]);
  let all: HostProcess[] = [];
  try {
    const running = await waitFor(() => {
      all = tree(child.pid);
      return all.some(isChromium) && ready(out);
    }, 300_000);
    assert.ok(running, `Chromium never ran:\n${describe(tree(child.pid))}\n${out}`);
    stop(child, all);
    const stopped = Date.now();
    const left = () => all.filter((p) => !ended(p));
    await waitFor(() => left().length === 0, CLEANUP_MS);
    assert.deepEqual(left(), [], `${Date.now() - stopped} ms later:\n${describe(left())}`);
    const status = await child.status;
    await done;
    return { status, out, dir };
  } finally {
    for (const p of tree(child.pid)) Deno.kill(p.pid, "SIGKILL");
    await child.status;
    await done;
    await Deno.remove(dir, { recursive: true });
  }
}

// The Jupyter export draws its diagrams with Chromium (the HTML site draws them in the page).
const EXPORT = [Deno.execPath(), "task", "--quiet", "export", "--to", "ipynb", "--out"];

for (
  const [how, stop, said] of [
    ["Ctrl-C", (c: Deno.ChildProcess) => Deno.kill(-c.pid, "SIGINT"), "Interrupted"],
    [
      "SIGTERM",
      (_: Deno.ChildProcess, t: HostProcess[]) =>
        Deno.kill(t.find((p) => p.args.includes("lib/cli/main.ts"))!.pid, "SIGTERM"),
      "Interrupted by SIGTERM",
    ],
  ] as const
) {
  Deno.test({
    name: `${how} of \`deno task export --to ipynb\` while diagrams are drawn leaves no Chromium`,
    ignore,
    async fn() {
      const site = join(await Deno.makeTempDir(), "site");
      try {
        const { status, out } = await stopWhileDrawing([...EXPORT, site], stop);
        assert.equal(status.code, 130, out);
        assert.match(out, new RegExp(`${said}: the export was stopped; nothing was written\\.`));
        assert.ok(!existsSync(site), "the export wrote its site");
      } finally {
        await Deno.remove(join(site, ".."), { recursive: true });
      }
    },
  });
}

for (
  const [how, stop] of [
    ["Ctrl-C (to its process group)", (c: Deno.ChildProcess) => Deno.kill(-c.pid, "SIGINT")],
    ["kill -9", (c: Deno.ChildProcess) => Deno.kill(c.pid, "SIGKILL")],
  ] as const
) {
  Deno.test({
    name: `${how} of a process that draws diagrams (a benchmark stopped) leaves no Chromium`,
    ignore,
    async fn() {
      const cache = await Deno.makeTempDir({ prefix: "netbook-draw-cache-" });
      try {
        const script = join(ROOT, "tests/render/draw_until_killed.ts");
        const { status } = await stopWhileDrawing(
          [Deno.execPath(), "run", "-A", "--quiet", script, cache],
          stop,
          (out) => out.includes("drawing"),
        );
        assert.ok(!status.success);
      } finally {
        await Deno.remove(cache, { recursive: true });
      }
    },
  });
}
