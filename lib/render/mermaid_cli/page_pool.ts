/** What a pool holds: something that is costly to open, can say whether it still works, closes. */
export interface Poolable {
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * At most `size` warm pages, opened only when every open one is busy, each drawing one diagram at
 * a time. A page whose diagram failed is asked whether it still works; one that does not is closed
 * and the next diagram opens another. Generic, so that it can be tested without a browser.
 */
export class PagePool<P extends Poolable> {
  #idle: P[] = [];
  #count = 0;
  #waiting: (() => void)[] = [];
  #opened = 0;

  constructor(readonly size: number, readonly open: () => Promise<P>) {
    if (!(size >= 1)) throw new Error(`a pool needs at least one page, not ${size}`);
  }

  /** Pages opened so far (including any closed since). */
  get opened(): number {
    return this.#opened;
  }

  /** Runs `fn` with a page of its own, opening one if none is free and the pool is not full. */
  async use<T>(fn: (page: P) => Promise<T>): Promise<T> {
    const page = await this.#acquire();
    let works = true;
    try {
      return await fn(page);
    } catch (error) {
      works = await page.ready().catch(() => false);
      throw error;
    } finally {
      if (works) this.#idle.push(page);
      else {
        this.#count--;
        await page.close().catch(() => {});
      }
      this.#waiting.shift()?.();
    }
  }

  /**
   * Opens a page ahead of the first diagram, when none is open yet; a failure is left for that
   * diagram to meet (and report) again.
   */
  async prewarm(): Promise<void> {
    if (this.#count > 0) return;
    this.#count++;
    try {
      this.#idle.push(await this.open());
      this.#opened++;
    } catch {
      this.#count--;
    }
    this.#waiting.shift()?.();
  }

  /** Closes the free pages; a page in use is closed by its browser. */
  async close(): Promise<void> {
    const idle = this.#idle.splice(0);
    this.#count -= idle.length;
    await Promise.all(idle.map((page) => page.close().catch(() => {})));
  }

  async #acquire(): Promise<P> {
    while (true) {
      const page = this.#idle.pop();
      if (page) return page;
      if (this.#count < this.size) {
        this.#count++;
        try {
          const opened = await this.open();
          this.#opened++;
          return opened;
        } catch (error) {
          this.#count--;
          this.#waiting.shift()?.(); // one that waited for a page may open it now
          throw error;
        }
      }
      await new Promise<void>((go) => this.#waiting.push(go));
    }
  }
}
