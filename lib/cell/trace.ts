import { parseTrace, TracePath } from "../inspect/trace_path.ts";
import { Background } from "./background.ts";
import { quote, runInLab } from "./command.ts";

export interface TraceOptions {
  /** iptables match for the packets to trace, e.g. "-p icmp" or "-p tcp --dport 80". */
  match?: string;
}

/**
 * Traces the packets `fn` sends through namespace `ns` (the lab host if undefined): adds
 * `-j TRACE` rules to raw PREROUTING and OUTPUT, reads events with `xtables-monitor --trace`
 * (the nf_tables way; the kernel log is not used), runs fn, then removes the rules. Every step
 * is a lab command, so a trace is recorded and replayed like the rest.
 */
export async function trace(
  ns: string | undefined,
  fn: () => unknown,
  options: TraceOptions = {},
): Promise<TracePath> {
  const inNs = (cmd: string) => ns ? `ip netns exec ${quote(ns)} ${cmd}` : cmd;
  const match = options.match ? `${options.match} ` : "";
  const rules = ["PREROUTING", "OUTPUT"].map((chain) => `-t raw -A ${chain} ${match}-j TRACE`);
  for (const rule of rules) {
    await runInLab(inNs(`iptables ${rule}`), { show: inNs(`iptables ${rule}`) });
  }
  const monitor = await Background.start(inNs("xtables-monitor --trace"), true);
  let events = "";
  try {
    await runInLab("sleep 0.2", { show: false }); // let the monitor subscribe
    await fn();
    await runInLab("sleep 0.1", { show: false }); // let the last events arrive
  } finally {
    events = (await monitor.stop({ show: false })).stdout;
    for (const rule of rules) {
      const del = inNs(`iptables ${rule.replace(" -A ", " -D ")}`);
      await runInLab(del, { show: del });
    }
  }
  return new TracePath(parseTrace(events));
}
