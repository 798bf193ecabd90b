/**
 * Debian's Chromium, started by puppeteer for the renderer's worker and for the tests and benches
 * that drive a browser: all of them run with this folder's deno.json, so puppeteer and its
 * packages stay out of the main import graph.
 *
 * Chromium draws what a stranger's notebook wrote, so it keeps its own sandbox (each page in
 * namespaces of its own, with seccomp): never `--no-sandbox`. Chromium refuses to run as root
 * with its sandbox; as root, netbook runs it as BROWSER_UID, an unprivileged id that owns
 * nothing, with a profile folder of its own. It dies with whoever started it (setpriv
 * --pdeathsig), even one killed with kill -9, and its processes with it.
 */
import { readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser } from "puppeteer-core";

export type { Browser, Page } from "puppeteer-core";

/** The unprivileged user Chromium runs as when netbook runs as root. */
export const BROWSER_UID = 2_099_999_999;

/** Flags for Debian's Chromium in containers and CI: no GPU, or background traffic. */
export const CHROMIUM_ARGS = [
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--headless",
];

/** $PUPPETEER_EXECUTABLE_PATH, else /usr/bin/chromium (Debian's `chromium`). */
export function chromiumPath(): string {
  return Deno.env.get("PUPPETEER_EXECUTABLE_PATH") || "/usr/bin/chromium";
}

const PROFILE = "netbook-chromium-";

function alive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

/** Removes the profile folders of browsers whose starter was killed before it could. */
async function sweepProfiles(): Promise<void> {
  for (const name of await readdir(tmpdir()).catch(() => [] as string[])) {
    const m = new RegExp(`^${PROFILE}(\\d+)-`).exec(name);
    if (m && !alive(Number(m[1]))) {
      await rm(join(tmpdir(), name), { recursive: true, force: true }).catch(() => {});
    }
  }
}

/** Where util-linux's setpriv is, if it is. */
function setprivPath(): string | undefined {
  for (const dir of ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]) {
    try {
      if (Deno.statSync(`${dir}/setpriv`).isFile) return `${dir}/setpriv`;
    } catch {
      // not there
    }
  }
  return undefined;
}

/**
 * Starts a headless Chromium with its sandbox (`executablePath` must exist: callers check, to say
 * what to install). As root, it runs as BROWSER_UID: pages it opens must be readable by others.
 */
export async function launchChromium(executablePath = chromiumPath()): Promise<Browser> {
  await sweepProfiles();
  const root = Deno.uid() === 0;
  const profile = await Deno.makeTempDir({ prefix: `${PROFILE}${Deno.pid}-` });
  try {
    if (root) await Deno.chown(profile, BROWSER_UID, BROWSER_UID);
    const setpriv = setprivPath();
    if (root && !setpriv) {
      throw new Error("Chromium does not run as root: util-linux's setpriv runs it as no one");
    }
    const wrapper = setpriv
      ? [
        "--pdeathsig",
        "KILL",
        ...(root ? [`--reuid=${BROWSER_UID}`, `--regid=${BROWSER_UID}`, "--clear-groups"] : []),
        "--",
        executablePath,
      ]
      : [];
    const browser = await puppeteer.launch({
      executablePath: setpriv ?? executablePath,
      headless: true,
      // Every argument is ours: the wrapper's first, then Chromium's (puppeteer adds its port).
      ignoreDefaultArgs: true,
      args: [
        ...wrapper,
        ...await puppeteer.defaultArgs({
          headless: true,
          userDataDir: profile,
          args: CHROMIUM_ARGS,
        }),
      ],
      env: { ...Deno.env.toObject(), HOME: profile, PUPPETEER_DANGEROUS_NO_SANDBOX: "" },
    });
    // Its profile goes once it has exited: on close(), or when it ends by itself (or with the
    // next launch, if whoever started it was killed).
    const forget = () => rm(profile, { recursive: true, force: true }).catch(() => {});
    browser.process()?.once("exit", forget);
    const close = browser.close.bind(browser);
    browser.close = async () => {
      await close();
      await forget();
    };
    return browser;
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
