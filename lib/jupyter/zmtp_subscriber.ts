/**
 * A ZeroMQ SUB socket, just enough of ZMTP 3.0 (https://rfc.zeromq.org/spec/23/) to listen to a
 * Jupyter kernel's IOPub channel over TCP: the NULL mechanism, a subscription to every topic,
 * and multipart messages in.
 */

const FLAG_MORE = 0x01;
const FLAG_LONG = 0x02;
const FLAG_COMMAND = 0x04;

/** The 64-byte greeting: signature, version 3.0, mechanism NULL, as-server 0. */
function greeting(): Uint8Array {
  const g = new Uint8Array(64);
  g[0] = 0xff;
  g[9] = 0x7f;
  g[10] = 3;
  g.set(new TextEncoder().encode("NULL"), 12);
  return g;
}

/** One frame: flags, a 1- or 8-byte big-endian length, the body. */
function frame(body: Uint8Array, flags: number): Uint8Array {
  const long = body.length > 255;
  const head = long ? 9 : 2;
  const out = new Uint8Array(head + body.length);
  out[0] = flags | (long ? FLAG_LONG : 0);
  if (long) new DataView(out.buffer).setBigUint64(1, BigInt(body.length));
  else out[1] = body.length;
  out.set(body, head);
  return out;
}

/** The READY command of the NULL mechanism, saying this end is a SUB socket. */
function ready(): Uint8Array {
  const enc = new TextEncoder();
  const name = enc.encode("READY");
  const key = enc.encode("Socket-Type");
  const value = enc.encode("SUB");
  const body = new Uint8Array(1 + name.length + 1 + key.length + 4 + value.length);
  let o = 0;
  body[o++] = name.length;
  body.set(name, o);
  o += name.length;
  body[o++] = key.length;
  body.set(key, o);
  o += key.length;
  new DataView(body.buffer).setUint32(o, value.length);
  body.set(value, o + 4);
  return frame(body, FLAG_COMMAND);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Reads exact byte counts from a connection, keeping what arrives beyond them. */
class ByteReader {
  #conn: Deno.Conn;
  #chunks: Uint8Array[] = [];
  #length = 0;

  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  /** `n` bytes, or undefined if the connection ends (or is closed) first. */
  async read(n: number): Promise<Uint8Array | undefined> {
    while (this.#length < n) {
      const chunk = new Uint8Array(Math.max(64 * 1024, n - this.#length));
      let got: number | null;
      try {
        got = await this.#conn.read(chunk);
      } catch {
        return undefined; // closed here, or reset by the other end
      }
      if (got === null) return undefined;
      this.#chunks.push(chunk.subarray(0, got));
      this.#length += got;
    }
    const out = new Uint8Array(n);
    let o = 0;
    while (o < n) {
      const head = this.#chunks.shift();
      if (!head) throw new Error(`ZMTP reader: ${n} bytes counted, only ${o} held`);
      const take = Math.min(head.length, n - o);
      out.set(head.subarray(0, take), o);
      o += take;
      if (take < head.length) this.#chunks.unshift(head.subarray(take));
    }
    this.#length -= n;
    return out;
  }
}

/** A connected SUB socket, subscribed to everything its publisher sends. */
export class ZmtpSubscriber {
  #conn: Deno.Conn;
  #reader: ByteReader;

  private constructor(conn: Deno.Conn) {
    this.#conn = conn;
    this.#reader = new ByteReader(conn);
  }

  /**
   * Connects to a PUB socket, greets it and subscribes to every topic. The publisher may start
   * sending to this subscriber a little later (ZeroMQ's "slow joiner"): nothing tells a SUB socket
   * when its subscription took effect.
   */
  static async connect(hostname: string, port: number): Promise<ZmtpSubscriber> {
    const conn = await Deno.connect({ hostname, port });
    try {
      // Greeting, READY and the subscription ("\x01" and an empty topic: every message) at once:
      // the publisher reads each by its length.
      const subscribe = frame(new Uint8Array([1]), 0);
      const hello = concat([greeting(), ready(), subscribe]);
      for (let o = 0; o < hello.length;) o += await conn.write(hello.subarray(o));
      const sub = new ZmtpSubscriber(conn);
      const theirs = await sub.#reader.read(64);
      if (!theirs || theirs[0] !== 0xff || theirs[9] !== 0x7f || (theirs[10] ?? 0) < 3) {
        throw new Error(`${hostname}:${port} does not speak ZMTP 3`);
      }
      return sub;
    } catch (e) {
      conn.close();
      throw e;
    }
  }

  /** The next message's frames (commands are skipped); undefined once the connection ends. */
  async next(): Promise<Uint8Array[] | undefined> {
    const frames: Uint8Array[] = [];
    while (true) {
      const flags = await this.#reader.read(1);
      if (!flags) return undefined;
      const flag = flags[0] ?? 0; // read(1) gives one byte
      const long = (flag & FLAG_LONG) !== 0;
      const size = await this.#reader.read(long ? 8 : 1);
      if (!size) return undefined;
      const length = long ? Number(new DataView(size.buffer).getBigUint64(0)) : size[0] ?? 0;
      const body = await this.#reader.read(length);
      if (!body) return undefined;
      if (flag & FLAG_COMMAND) continue;
      frames.push(body);
      if (!(flag & FLAG_MORE)) return frames;
    }
  }

  /** Disconnects; a pending `next()` then returns undefined. */
  close(): void {
    try {
      this.#conn.close();
    } catch {
      // already closed
    }
  }
}
