import type { IopubAddress } from "./kernel_connection.ts";
import { ZmtpSubscriber } from "./zmtp_subscriber.ts";

/** Sends one message on the kernel's IOPub channel, as Deno.jupyter.broadcast does. */
export type Broadcast = (
  msgType: string,
  content: Record<string, unknown>,
) => void | Promise<void>;

/** How long the kernel may take to publish a receipt before netbook stops waiting for them. */
const RECEIPT_MS = 60_000;
/** How long the kernel may take to start sending to a new subscriber. */
const JOIN_MS = 10_000;

const DELIMITER = "<IDS|MSG>";

/** The content of an IOPub comm_msg, if the frames are one (other messages are not parsed). */
function commMsg(frames: Uint8Array[]): { comm_id?: string; data?: { receipt?: number } } | null {
  const dec = new TextDecoder();
  const at = frames.findIndex((f) => f.length === DELIMITER.length && dec.decode(f) === DELIMITER);
  if (at < 0 || frames.length < at + 6) return null;
  try {
    if (JSON.parse(dec.decode(frames[at + 2])).msg_type !== "comm_msg") return null;
    return JSON.parse(dec.decode(frames[at + 5]));
  } catch {
    return null;
  }
}

/**
 * Receipts for what a cell sends to Jupyter. Deno's kernel (2.9) queues whatever a cell
 * displays or prints and publishes the queue from another task than the one that reports the
 * cell done ("status: idle"), so the last outputs can be published after it, and a front end
 * (nbclient, JupyterLab) then drops them or shows them under the next cell; Deno.jupyter.display
 * resolves when the output is queued, not when it is published. The queue is published in
 * order, each message to every subscriber before the next, so netbook subscribes to IOPub
 * itself and sends a receipt (a comm_msg for a comm nobody opened, which front ends ignore)
 * behind the outputs: when the receipt comes back, everything queued before it has been
 * published to every front end.
 */
export class IopubReceipts {
  #sub: ZmtpSubscriber;
  #broadcast: Broadcast;
  #warn: (message: string) => void;
  #comm = `netbook-receipt-${crypto.randomUUID()}`;
  #sent = 0;
  #seen = 0;
  #waiting = new Set<{ seq: number; resolve: () => void }>();
  #lost?: string;
  #batch?: Promise<boolean>;
  #reading: Promise<void>;

  private constructor(
    sub: ZmtpSubscriber,
    broadcast: Broadcast,
    warn: (message: string) => void,
  ) {
    this.#sub = sub;
    this.#broadcast = broadcast;
    this.#warn = warn;
    this.#reading = this.#read();
  }

  /**
   * Subscribes to the kernel's IOPub and waits for a first receipt. A SUB socket cannot tell
   * when its publisher starts sending to it (ZeroMQ's "slow joiner"), so until one comes back a
   * receipt is sent again, as jupyter_server nudges a kernel with kernel_info requests until
   * its IOPub answers. Throws, saying why, if none comes back.
   */
  static async open(
    address: IopubAddress,
    broadcast: Broadcast,
    warn: (message: string) => void,
  ): Promise<IopubReceipts> {
    const sub = await ZmtpSubscriber.connect(address.ip, address.port);
    const receipts = new IopubReceipts(sub, broadcast, warn);
    const deadline = Date.now() + JOIN_MS;
    let every = 20;
    while (receipts.#seen === 0) {
      if (receipts.#lost || Date.now() > deadline) {
        const why = receipts.#lost ??
          `the kernel's IOPub channel sent nothing back in ${JOIN_MS / 1000} s`;
        await receipts.close();
        throw new Error(why);
      }
      await receipts.#send(every);
      every = Math.min(every * 2, 500);
    }
    return receipts;
  }

  async #read(): Promise<void> {
    while (true) {
      const frames = await this.#sub.next();
      if (!frames) break;
      const content = commMsg(frames);
      const seq = content?.comm_id === this.#comm ? content.data?.receipt : undefined;
      if (typeof seq !== "number" || seq <= this.#seen) continue;
      this.#seen = seq;
      for (const w of this.#waiting) if (w.seq <= seq) w.resolve();
    }
    this.#lose("the kernel closed netbook's IOPub subscription");
  }

  /** Stops waiting for receipts: says so once, and lets every waiting output go. */
  #lose(why: string): void {
    if (this.#lost) return;
    this.#lost = why;
    for (const w of this.#waiting) w.resolve();
  }

  /** Sends a receipt; resolves when it comes back, or after `ms` (the receipt still counts). */
  async #send(ms: number): Promise<boolean> {
    const seq = ++this.#sent;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let waiter: { seq: number; resolve: () => void } | undefined;
    const back = new Promise<boolean>((resolve) => {
      waiter = { seq, resolve: () => resolve(true) };
      this.#waiting.add(waiter);
      timer = setTimeout(() => resolve(false), ms);
    });
    try {
      await this.#broadcast("comm_msg", { comm_id: this.#comm, data: { receipt: seq } });
      return await back;
    } finally {
      clearTimeout(timer);
      this.#waiting.delete(waiter!);
    }
  }

  /**
   * Resolves once everything sent to Jupyter before this call (displays, printed text) has been
   * published to every front end. If the kernel stops publishing receipts, says so once (a
   * cell's last outputs may then be lost) and stops waiting for them.
   */
  async confirm(): Promise<void> {
    if (this.#lost) return;
    // What is sent in one turn of the event loop shares one receipt, sent right after it.
    this.#batch ??= new Promise((resolve) =>
      queueMicrotask(() => {
        this.#batch = undefined;
        this.#send(RECEIPT_MS).then(resolve, (e) => {
          this.#lose(`it could not send a receipt (${e instanceof Error ? e.message : e})`);
          resolve(false);
        });
      })
    );
    if (!(await this.#batch) && !this.#lost) {
      this.#lose(`the kernel published no receipt in ${RECEIPT_MS / 1000} s`);
    }
    if (this.#lost) {
      this.#warn(
        `netbook: ${this.#lost}, so it can no longer make sure that Jupyter receives every ` +
          "output before a cell ends; a cell's last outputs may be missing",
      );
      this.#warn = () => {};
    }
  }

  /** Unsubscribes. */
  async close(): Promise<void> {
    this.#lost ??= "closed";
    this.#sub.close();
    await this.#reading;
  }
}
