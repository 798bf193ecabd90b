import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import { atomicWrite } from "../io/atomic_write.ts";
import workerConfig from "./mermaid_page/deno.json" with { type: "json" };
import { DRAWING_REVISION } from "./mermaid_page/protocol.ts";
import { packagesDigest } from "./mermaid_packages.ts";

/** What an SVG depends on besides the renderer's version. */
export interface SvgKey {
  source: string;
  /** mermaid's theme: "default" (light) or "dark". */
  theme: string;
}

/**
 * The user's diagram cache, shared by every clone: `$XDG_CACHE_HOME/netbook/mermaid` when
 * XDG_CACHE_HOME is an absolute path (as the XDG spec asks), else `~/.cache/netbook/mermaid`.
 */
export function mermaidCacheDir(env: (name: string) => string | undefined = readEnv): string {
  const xdg = env("XDG_CACHE_HOME");
  const base = xdg && isAbsolute(xdg) ? xdg : join(env("HOME") || homedir(), ".cache");
  return join(base, "netbook", "mermaid");
}

/**
 * What draws the SVGs, as a folder name: mermaid's version as the renderer's deno.json pins it,
 * the worker's drawing revision, and a digest of its deno.json and deno.lock (mermaid's own
 * dependencies, e.g. its layout engines, are pinned there). A new version starts an empty
 * folder; an old folder can be deleted.
 */
export function rendererVersion(): string {
  return version ??= [
    `mermaid-${pinned("mermaid")}`,
    `drawing-${DRAWING_REVISION}`,
    `packages-${packagesDigest()}`,
  ].join("_");
}

let version: string | undefined;

function pinned(name: string): string {
  const specifier = (workerConfig.imports as Record<string, string>)[name];
  if (specifier === undefined) {
    throw new Error(`lib/render/mermaid_page/deno.json does not import ${name}: add it there`);
  }
  return specifier.match(/@(\d[^/]*)$/)?.[1] ?? specifier;
}

/** Writes in flight in this process, by file: the same SVG is never written twice at once. */
const writing = new Map<string, Promise<void>>();

/**
 * SVGs by content: `ROOT/VERSION/SHA256.svg`, the hash of the source and the options that change
 * the drawing. Written all or nothing (lib/io/atomic_write.ts), so another process, or another
 * clone, never reads half an SVG; a file that is not a whole SVG is not an entry.
 */
export class SvgCache {
  /** The folder this renderer version's SVGs are in. */
  readonly dir: string;

  constructor(readonly root: string, version: string = rendererVersion()) {
    this.dir = join(root, version);
  }

  /** The key's SHA-256, in hex. */
  hash(key: SvgKey): string {
    const { source, theme } = key;
    const what = JSON.stringify({ source, theme });
    return createHash("sha256").update(what).digest("hex");
  }

  /** The file that holds (or will hold) the SVG for a key. */
  file(key: SvgKey): string {
    return join(this.dir, `${this.hash(key)}.svg`);
  }

  /** The cached SVG, or undefined (none, or not a whole SVG). */
  async read(key: SvgKey): Promise<string | undefined> {
    const text = await readFile(this.file(key), "utf8").catch(() => undefined);
    return text !== undefined && isWholeSvg(text) ? text : undefined;
  }

  /** Keeps an SVG; an error says why it could not (e.g. a read-only home). */
  write(key: SvgKey, svg: string): Promise<void> {
    const file = this.file(key);
    let done = writing.get(file);
    if (!done) {
      done = atomicWrite(file, svg).finally(() => writing.delete(file));
      writing.set(file, done);
    }
    return done;
  }
}

function isWholeSvg(text: string): boolean {
  return /^<svg[\s>]/.test(text) && /<\/svg>\s*$/.test(text);
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // no --allow-env: as if unset
  }
}
