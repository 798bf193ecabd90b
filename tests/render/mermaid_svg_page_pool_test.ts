/** The worker's pool of warm pages, with pages played in memory (no browser). */
import assert from "node:assert/strict";
import { PagePool } from "../../lib/render/mermaid_cli/page_pool.ts";

class FakePage {
  closed = false;
  drawn = 0;
  constructor(readonly n: number, public works = true) {}
  ready = () => Promise.resolve(this.works);
  close = () => {
    this.closed = true;
    return Promise.resolve();
  };
}

/** A promise with its resolve, to hold a page busy until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => open = resolve);
  return { opened, open };
}

Deno.test("pages are opened only while every open page is busy, up to the pool's size", async () => {
  const opened: FakePage[] = [];
  const pool = new PagePool(
    2,
    () => Promise.resolve(opened[opened.length] = new FakePage(opened.length + 1)),
  );
  const hold = gate();
  const order: number[] = [];
  const draw = (wait?: Promise<void>) =>
    pool.use(async (page) => {
      await wait;
      page.drawn++;
      order.push(page.n);
    });
  await draw(); // one page, free again
  await draw(); // the same page
  assert.equal(opened.length, 1);
  // three at once: the first holds page 1, the second opens page 2, the third waits for one
  const all = Promise.all([draw(hold.opened), draw(), draw()]);
  hold.open();
  await all;
  assert.equal(opened.length, 2, "never more pages than the pool's size");
  assert.equal(pool.opened, 2);
  assert.equal(opened[0].drawn + opened[1].drawn, 5);
  await pool.close();
  assert.ok(opened.every((p) => p.closed));
});

Deno.test("a page that fails and no longer works is closed, and the next diagram opens another", async () => {
  const opened: FakePage[] = [];
  const pool = new PagePool(
    1,
    () => Promise.resolve(opened[opened.length] = new FakePage(opened.length + 1)),
  );
  await assert.rejects(
    pool.use((page) => {
      page.works = false;
      return Promise.reject(new Error("Target closed"));
    }),
    /Target closed/,
  );
  assert.ok(opened[0].closed);
  await pool.use((page) => Promise.resolve(assert.equal(page.n, 2)));
  // a diagram that fails in a page that still works keeps the page
  await assert.rejects(pool.use(() => Promise.reject(new Error("Parse error"))), /Parse error/);
  await pool.use((page) => Promise.resolve(assert.equal(page.n, 2)));
  assert.equal(opened.length, 2);
});

Deno.test("a page that cannot be opened fails its diagram; one waiting opens it in turn", async () => {
  let attempts = 0;
  const hold = gate();
  const pool = new PagePool(1, async () => {
    attempts++;
    if (attempts === 1) {
      await hold.opened;
      throw new Error("Chromium did not start");
    }
    return new FakePage(attempts);
  });
  const first = pool.use(() => Promise.resolve("drawn"));
  const second = pool.use(() => Promise.resolve("drawn"));
  hold.open();
  await assert.rejects(first, /Chromium did not start/);
  assert.equal(await second, "drawn");
  assert.equal(attempts, 2);
});

Deno.test("prewarm opens a page ahead of the first diagram, which then draws in it", async () => {
  const opened: FakePage[] = [];
  const pool = new PagePool(
    1,
    () => Promise.resolve(opened[opened.length] = new FakePage(opened.length + 1)),
  );
  const warming = pool.prewarm();
  const drawn = pool.use((page) => Promise.resolve(page.n)); // arrives while the page opens
  await warming;
  assert.equal(await drawn, 1);
  assert.equal(opened.length, 1);
  await pool.prewarm(); // a page is open: nothing more
  assert.equal(opened.length, 1);
});
