import type { CaptureCounts, PacketCapture } from "../inspect/packet_capture.ts";
import { Background } from "./background.ts";
import { quote } from "./command_line.ts";
import { runInLab } from "./run_in_lab.ts";
import { session } from "./session.ts";

/** What lab.capture captures. */
export interface CaptureOptions {
  /** A tcpdump filter expression, e.g. "udp port 8472" or "icmp or arp". Default: everything. */
  filter?: string;
  /** The capture file's name in the lab's /tmp (default: the cell's id, then a number). */
  name?: string;
  /** How long to wait for tcpdump to start and to catch up, in seconds (default 10). */
  timeout?: number;
  /**
   * Bytes kept of each packet (tcpdump -s; default 1600, a whole frame of a 1500-byte MTU
   * network). tcpdump hands the kernel a ring of slots this big: the default 262144 would leave
   * room for 8 packets, and a burst would be dropped.
   */
  snaplen?: number;
}

/**
 * The line tcpdump prints when it is asked for its counts (SIGUSR1), or when it ends:
 * "N packets captured, N packets received by filter, N packets dropped by kernel".
 */
const COUNTS =
  /(\d+) packets? captured,?\s+(\d+) packets? received by filter,?\s+(\d+) packets? dropped by kernel/;

/**
 * A bash loop, run in the lab, that returns once tcpdump has written every packet the kernel
 * queued for it: it asks tcpdump for its counts (SIGUSR1 makes it print them; it prints only
 * between two packets, after the last one was flushed to the file), waits for the answer, and
 * is done when the packets captured plus those the kernel dropped are all it received. On the
 * loopback device, the kernel hands tcpdump each packet twice (going out and coming in) and
 * libpcap keeps one, so there the packets received are twice those kept.
 */
function caughtUp(log: string, loopback: boolean): string {
  const line = "grep -c 'dropped by kernel'";
  return [
    `t=$(pgrep -g "$(cat ${log}.pid)" -x tcpdump)`,
    `while :; do n=$(${line} ${log})`,
    `kill -USR1 "$t"`,
    `until [ "$(${line} ${log})" -gt "$n" ]; do sleep 0.01; done`,
    `set -- $(grep 'dropped by kernel' ${log} | tail -1 | sed -E 's/.* ([0-9]+) packets? captured,? ([0-9]+) packets? received by filter,? ([0-9]+) packets? dropped.*/\\1 \\2 \\3/')`,
    `[ $(( $1 * ${loopback ? 2 : 1} + $3 )) -eq "$2" ] && break`,
    `sleep 0.01; done`,
  ].join("; ");
}

/**
 * Captures what crosses device `dev` of namespace `ns` (the lab host if undefined) while `fn`
 * runs, with tcpdump, and returns the packets as a table that keeps the capture file (the
 * exports put it beside the page, for Wireshark). Handshakes, not sleeps: tcpdump starts, and fn
 * runs only once tcpdump says it is listening; after fn, tcpdump is asked for its counts until
 * it has written every packet the kernel handed it; then it is stopped and the file read back
 * (in base64, so that a recording keeps its exact bytes). Every step is a lab command, so a
 * capture is recorded and replayed like the rest. What fn returned is the capture's `result`.
 */
export async function capture<T>(
  ns: string | undefined,
  dev: string,
  fn: () => T,
  options: CaptureOptions = {},
): Promise<PacketCapture & { result: Awaited<T> }> {
  if (dev === "any") {
    throw new Error(
      'lab.capture needs one device, not "any": name the interface the packets cross',
    );
  }
  const s = session();
  const n = s.captures = (s.captures ?? 0) + 1;
  const name = options.name ?? `${s.cell}${n > 1 ? `-${n}` : ""}`;
  const file = `/tmp/${name.replace(/\.pcap$/, "")}.pcap`;
  const limit = options.timeout ?? 10;
  const inNs = (cmd: string) => ns === undefined ? cmd : `ip netns exec ${quote(ns)} ${cmd}`;
  const filter = options.filter ? ` ${quote(options.filter)}` : "";
  // -U: each packet goes to the file as it comes; --immediate-mode: the kernel hands it over at
  // once; -n: no name lookups (which would themselves be packets).
  const snaplen = options.snaplen ?? 1600;
  const tcpdump = await Background.start(
    inNs(`tcpdump -i ${quote(dev)} -n -s ${snaplen} -U --immediate-mode -w ${file}${filter}`),
    true,
  );
  const wait = async (loop: string, what: string) => {
    const r = await runInLab(`timeout ${limit} bash -c ${quote(loop)}`, { noThrow: true });
    if (r.code !== 0) {
      const log = (await tcpdump.output()).trim();
      throw new Error(
        `tcpdump on ${dev} ${what} within ${limit} s${log ? `; it said:\n${log}` : ""}`,
      );
    }
  };
  let counts: CaptureCounts | undefined;
  let result: Awaited<T>;
  try {
    await wait(`until grep -q 'listening on' ${tcpdump.log}; do sleep 0.01; done`, "did not start");
    result = await fn();
    await wait(caughtUp(tcpdump.log, dev === "lo"), "did not catch up with the kernel");
  } finally {
    const said = (await tcpdump.stop({ show: false })).stdout;
    const [, captured, received, dropped] = [...said.matchAll(new RegExp(COUNTS.source, "g"))]
      .at(-1) ?? [];
    if (captured && received && dropped) {
      counts = { captured: +captured, received: +received, dropped: +dropped };
    }
  }
  const read = await runInLab(`base64 -w0 ${file}`, {});
  const pcap = new Uint8Array(
    atob(read.stdout.trim()).split("").map((c) => c.charCodeAt(0)),
  );
  // Loaded when a capture is read, not with every notebook: its DNS decoder is a CommonJS
  // package, which would start Node's compatibility layer in every notebook's worker.
  const { PacketCapture } = await import("../inspect/packet_capture.ts");
  return Object.assign(PacketCapture.parse(pcap, { ns, dev, filter: options.filter }, counts), {
    result,
  });
}
