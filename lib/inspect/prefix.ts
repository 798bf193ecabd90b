import ipaddr from "../npm/ipaddr.ts";

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * An IPv4 or IPv6 prefix such as 192.168.1.0/24, for masks and longest-prefix match. Addresses
 * are read and written by ipaddr.js (the library Express and proxy-addr use); IPv4 must be the
 * four-part decimal form ip prints (ipaddr.js alone would also take "10.1" or "0x0a.0.0.1").
 */
export class Prefix {
  private constructor(
    readonly family: "inet" | "inet6",
    private readonly ip: Address,
    /** The prefix length: 24 in 192.168.1.0/24; an address alone is a host prefix (/32, /128). */
    readonly length: number,
  ) {}

  /** Parses "192.168.1.0/24", "10.96.0.10", "fe80::/64"; "default" needs the family. */
  static parse(text: string, family?: "inet" | "inet6"): Prefix {
    if (text === "default") {
      return family === "inet6"
        ? new Prefix("inet6", ipaddr.IPv6.parse("::"), 0)
        : new Prefix("inet", ipaddr.IPv4.parse("0.0.0.0"), 0);
    }
    const [address = "", len, ...rest] = text.split("/");
    const v6 = address.includes(":");
    const size = v6 ? 128 : 32;
    const length = len === undefined ? size : Number(len);
    if (rest.length || (len !== undefined && !/^\d+$/.test(len)) || length > size) {
      throw new SyntaxError(`"${text}" is not an IP prefix`);
    }
    if (v6 ? !ipaddr.IPv6.isValid(address) : !ipaddr.IPv4.isValidFourPartDecimal(address)) {
      throw new SyntaxError(`"${text}" is not an ${v6 ? "IPv6" : "IPv4"} address`);
    }
    const ip = v6 ? ipaddr.IPv6.parse(address) : ipaddr.IPv4.parse(address);
    return new Prefix(v6 ? "inet6" : "inet", ip, length);
  }

  get size(): number {
    return this.family === "inet" ? 32 : 128;
  }

  /** The prefix written as a dotted mask (IPv4): /24 is 255.255.255.0, /0 is 0.0.0.0. */
  get mask(): string {
    if (this.family === "inet6") return `/${this.length}`;
    return ipaddr.IPv4.subnetMaskFromPrefixLength(this.length).toString();
  }

  /** The address without its length: "192.168.1.0", "0.0.0.0" (default), "fe80::" (RFC 5952). */
  get address(): string {
    return this.ip.toString();
  }

  /** Whether `address` (an address or a prefix) lies inside this prefix. */
  contains(address: string | Prefix): boolean {
    const other = typeof address === "string" ? Prefix.parse(address) : address;
    if (other.family !== this.family || other.length < this.length) return false;
    return other.ip.kind() === "ipv4"
      ? (other.ip as ipaddr.IPv4).match(this.ip as ipaddr.IPv4, this.length)
      : (other.ip as ipaddr.IPv6).match(this.ip as ipaddr.IPv6, this.length);
  }
}
