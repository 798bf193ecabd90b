import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { atomicWrite } from "../io/atomic_write.ts";
import { runProgram } from "../io/run_program.ts";

/** The renderer's folder in the clone: its deno.json pins mermaid and puppeteer-core. */
const PAGE_DIR = fileURLToPath(new URL("./mermaid_page/", import.meta.url));

/** Where mermaid and puppeteer-core are installed, and what a caller needs of them. */
export interface PagePackages {
  /** The deno.json to run the worker (or a browser test) with: in the user's cache. */
  config: string;
  /** mermaid's self-contained bundle, for a page to load with a <script>. */
  mermaidBundle: string;
}

/** The installs in progress in this process, by folder. */
const installing = new Map<string, Promise<PagePackages>>();

/** A digest of the renderer's pinned packages (deno.json and deno.lock), for folder names. */
export function packagesDigest(): string {
  const hash = createHash("sha256");
  for (const file of ["deno.json", "deno.lock"]) hash.update(readFileSync(join(PAGE_DIR, file)));
  return hash.digest("hex").slice(0, 12);
}

/**
 * Installs the renderer's packages (mermaid, puppeteer-core, as mermaid_page/deno.json and its
 * lock pin them) into `root/packages-DIGEST/node_modules`, once: the user's cache, never the
 * clone. `deno install --frozen` refuses any package the lock does not name. Installs that meet
 * in one folder are Deno's to order (it locks node_modules while it sets it up).
 */
export function pagePackages(root: string): Promise<PagePackages> {
  const dir = join(root, `packages-${packagesDigest()}`);
  let done = installing.get(dir);
  if (!done) {
    done = install(dir);
    installing.set(dir, done);
    done.catch(() => installing.delete(dir));
  }
  return done;
}

async function install(dir: string): Promise<PagePackages> {
  const config = join(dir, "deno.json");
  const found = {
    config,
    mermaidBundle: join(dir, "node_modules", "mermaid", "dist", "mermaid.min.js"),
  };
  const ready = join(dir, ".installed");
  if (existsSync(ready) && existsSync(found.mermaidBundle)) return found;
  await mkdir(dir, { recursive: true });
  const json = JSON.parse(readFileSync(join(PAGE_DIR, "deno.json"), "utf8"));
  await atomicWrite(config, JSON.stringify({ ...json, nodeModulesDir: "auto" }, null, 2) + "\n");
  await atomicWrite(join(dir, "deno.lock"), readFileSync(join(PAGE_DIR, "deno.lock"), "utf8"));
  await runProgram(Deno.execPath(), {
    args: ["install", "--quiet", "--frozen", "--config", config],
    cwd: dir,
    inheritEnv: true,
    name: "deno install",
    doing: `could not install mermaid's renderer into ${dir}`,
  });
  await writeFile(ready, "");
  return found;
}
