import { parseTrace, TracePath } from "../inspect/trace_path.ts";
import { Background } from "./background.ts";
import { quote } from "./command_line.ts";
import { runInLab } from "./run_in_lab.ts";

/** What lab.trace follows. */
export interface TraceOptions {
  /** iptables match for the packets to trace, e.g. "-p icmp" or "-p tcp --dport 80". */
  match?: string;
}

/** Runs a check in the lab every 10 ms until it holds (at most 10 s): one recorded call. */
function until(check: string, inNs: (cmd: string) => string = (c) => c): Promise<unknown> {
  const loop = `until ${check}; do sleep 0.01; done`;
  return runInLab(inNs(`timeout 10 bash -c ${quote(loop)}`), {});
}

/**
 * xtables-monitor listens once its netlink socket (protocol 12, NETLINK_NETFILTER) has joined
 * the nftables and trace groups (7 and 9: the bits 0x140), as /proc/net/netlink of its
 * namespace shows.
 */
const LISTENING = `grep -qE '^[0-9a-f]+ +12 +[0-9]+ +00000140 ' /proc/net/netlink`;

/** The monitor's log shows raw OUTPUT's TRACE rule removed. */
function removed(log: string): string {
  return `grep -qE -- ${quote("^ EVENT: -4 -t raw -D OUTPUT .*-j TRACE$")} ${log}`;
}

/**
 * Traces the packets `fn` sends through namespace `ns` (the lab host if undefined): starts
 * `xtables-monitor --trace` (the nf_tables way; the kernel log is not used), waits until it
 * listens, adds `-j TRACE` rules to raw PREROUTING and OUTPUT, runs fn, removes the rules. The
 * monitor also prints the ruleset's changes in the order they happen: once it has printed the
 * TRACE rules' removal, it has printed every packet fn sent. Handshakes, not sleeps: a lab where
 * processes start slowly loses no packet. Every step is a lab command, so a trace is recorded
 * and replayed like the rest.
 */
export async function trace(
  ns: string | undefined,
  fn: () => unknown,
  options: TraceOptions = {},
): Promise<TracePath> {
  const inNs = (cmd: string) => ns ? `ip netns exec ${quote(ns)} ${cmd}` : cmd;
  const match = options.match ? `${options.match} ` : "";
  const rules = ["PREROUTING", "OUTPUT"].map((chain) => `-t raw -A ${chain} ${match}-j TRACE`);
  // Line-buffered, so that each event reaches the log as it happens.
  const monitor = await Background.start(inNs("stdbuf -oL xtables-monitor --trace --event"), true);
  let events = "";
  try {
    await until(LISTENING, inNs);
    for (const rule of rules) {
      await runInLab(inNs(`iptables ${rule}`), { show: { kind: "line" } });
    }
    await fn();
  } finally {
    for (const rule of rules) {
      const del = rule.replace(" -A ", " -D ");
      await runInLab(inNs(`iptables ${del}`), { show: { kind: "line" } });
    }
    await until(removed(monitor.log));
    events = (await monitor.stop({ show: false })).stdout;
  }
  return new TracePath(parseTrace(events));
}
