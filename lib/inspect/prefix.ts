/** An IPv4 or IPv6 prefix such as 192.168.1.0/24, as numbers, for masks and longest-prefix match. */
export class Prefix {
  private constructor(
    readonly family: "inet" | "inet6",
    /** The address as a number (128 bits for IPv6). */
    readonly bits: bigint,
    /** The prefix length: 24 in 192.168.1.0/24; an address alone is a host prefix (/32, /128). */
    readonly length: number,
  ) {}

  /** Parses "192.168.1.0/24", "10.96.0.10", "fe80::/64"; "default" needs the family. */
  static parse(text: string, family?: "inet" | "inet6"): Prefix {
    if (text === "default") {
      return new Prefix(family ?? "inet", 0n, 0);
    }
    const [address, len] = text.split("/");
    const v6 = address.includes(":");
    const size = v6 ? 128 : 32;
    const length = len === undefined ? size : Number(len);
    if (!Number.isInteger(length) || length < 0 || length > size) {
      throw new SyntaxError(`"${text}" is not an IP prefix`);
    }
    return new Prefix(v6 ? "inet6" : "inet", v6 ? parse6(address) : parse4(address), length);
  }

  get size(): number {
    return this.family === "inet" ? 32 : 128;
  }

  /** The prefix written as a dotted mask (IPv4): /24 is 255.255.255.0, /0 is 0.0.0.0. */
  get mask(): string {
    if (this.family === "inet6") return `/${this.length}`;
    const m = this.length === 0 ? 0 : (0xffffffff << (32 - this.length)) >>> 0;
    return [24, 16, 8, 0].map((s) => (m >>> s) & 0xff).join(".");
  }

  /** The address without its length: "192.168.1.0", "0.0.0.0" (default), "fe80::". */
  get address(): string {
    return this.family === "inet" ? format4(this.bits) : format6(this.bits);
  }

  /** Whether `address` (an address or a prefix) lies inside this prefix. */
  contains(address: string | Prefix): boolean {
    const other = typeof address === "string" ? Prefix.parse(address) : address;
    if (other.family !== this.family || other.length < this.length) return false;
    const shift = BigInt(this.size - this.length);
    return (other.bits >> shift) === (this.bits >> shift);
  }
}

function parse4(text: string): bigint {
  const parts = text.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new SyntaxError(`"${text}" is not an IPv4 address`);
  }
  return parts.reduce((n, p) => (n << 8n) | BigInt(p), 0n);
}

function parse6(text: string): bigint {
  if (text.split("::").length > 2) throw new SyntaxError(`"${text}" is not an IPv6 address`);
  const groups = (s: string) => s ? s.split(":") : [];
  let [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  // An embedded IPv4 address (::ffff:10.0.0.1) is two groups.
  const dotted = (s: string | undefined) => {
    if (!s?.includes(".")) return s;
    const v4 = parse4(s.slice(s.lastIndexOf(":") + 1));
    const rest = s.slice(0, s.lastIndexOf(":") + 1);
    return `${rest}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  };
  if (tail === undefined) head = dotted(head) ?? "";
  else tail = dotted(tail);
  const h = groups(head), t = groups(tail ?? "");
  const missing = 8 - h.length - t.length;
  if (tail === undefined ? missing !== 0 : missing < 1) {
    throw new SyntaxError(`"${text}" is not an IPv6 address`);
  }
  const all = [...h, ...Array(tail === undefined ? 0 : missing).fill("0"), ...t];
  return all.reduce((n, g) => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw new SyntaxError(`"${text}" is not an IPv6 address`);
    return (n << 16n) | BigInt(parseInt(g, 16));
  }, 0n);
}

function format4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join(".");
}

function format6(n: bigint): string {
  const g = [...Array(8)].map((_, i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn));
  // Compress the longest run of zero groups (of two or more), as RFC 5952 says.
  let best = [-1, 0], run = [-1, 0];
  g.forEach((v, i) => {
    if (v !== 0) return void (run = [-1, 0]);
    run = run[0] < 0 ? [i, 1] : [run[0], run[1] + 1];
    if (run[1] > best[1]) best = [...run];
  });
  const hex = g.map((v) => v.toString(16));
  if (best[1] < 2) return hex.join(":");
  return `${hex.slice(0, best[0]).join(":")}::${hex.slice(best[0] + best[1]).join(":")}`;
}
