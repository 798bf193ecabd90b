import type { CpioEntry } from "./cpio.ts";

/**
 * The VM's root file system as it is being assembled: every entry once, each folder before
 * what it holds (the order a cpio archive needs). Paths are relative ("usr/bin/ip").
 */
export class ImageTree {
  #entries = new Map<string, CpioEntry>();

  has(path: string): boolean {
    return this.#entries.has(path);
  }

  /** A folder, and its parents. */
  dir(path: string, mode = 0o755): void {
    if (!path || path === "." || this.#entries.has(path)) return;
    this.dir(parent(path));
    this.#entries.set(path, { path, type: "dir", mode });
  }

  /** Adds an entry after its parent folders; the first entry for a path wins. */
  add(entry: CpioEntry): void {
    if (this.#entries.has(entry.path)) return;
    this.dir(parent(entry.path));
    this.#entries.set(entry.path, entry);
  }

  /** Adds an entry, replacing one already there (the image's own /etc files). */
  replace(entry: CpioEntry): void {
    this.#entries.delete(entry.path);
    this.add(entry);
  }

  /** Takes an entry out again (a plugin whose libraries the tree lacks). */
  remove(path: string): void {
    this.#entries.delete(path);
  }

  get size(): number {
    return this.#entries.size;
  }

  [Symbol.iterator](): Iterator<CpioEntry> {
    return this.#entries.values();
  }
}

function parent(path: string): string {
  const at = path.lastIndexOf("/");
  return at < 0 ? "" : path.slice(0, at);
}
