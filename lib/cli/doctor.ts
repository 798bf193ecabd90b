import { probeCapabilities } from "../lab/capabilities.ts";
import { LAB_PATH, probeSandbox, Sandbox } from "../lab/sandbox.ts";
import type { Style } from "../render/style.ts";

interface Tool {
  program: string;
  pkg: string;
  why: string;
  /** Needed by every live run (else only by some notebooks). */
  core?: boolean;
}

const TOOLS: Tool[] = [
  { program: "unshare", pkg: "util-linux", why: "starts the lab sandbox", core: true },
  { program: "nsenter", pkg: "util-linux", why: "runs commands in the lab", core: true },
  { program: "bash", pkg: "bash", why: "runs each command line", core: true },
  { program: "ip", pkg: "iproute2", why: "namespaces, links, addresses, routes", core: true },
  { program: "bridge", pkg: "iproute2", why: "the bridge FDB" },
  { program: "ping", pkg: "iputils-ping", why: "reachability checks", core: true },
  { program: "iptables", pkg: "iptables", why: "NAT, filtering, TRACE" },
  { program: "xtables-monitor", pkg: "iptables", why: "reading TRACE events" },
  { program: "ethtool", pkg: "ethtool", why: "veth peer indexes" },
  { program: "conntrack", pkg: "conntrack", why: "NAT connection tracking" },
  { program: "socat", pkg: "socat", why: "tiny servers in namespaces" },
  { program: "curl", pkg: "curl", why: "HTTP requests" },
  { program: "tcpdump", pkg: "tcpdump", why: "watching packets" },
  { program: "bird", pkg: "bird2", why: "BGP (Calico lessons)" },
  { program: "nginx", pkg: "nginx-light", why: "Ingress lessons" },
  { program: "/usr/lib/cni/bridge", pkg: "containernetworking-plugins", why: "CNI lessons" },
];

async function found(program: string): Promise<boolean> {
  const candidates = program.startsWith("/")
    ? [program]
    : LAB_PATH.split(":").map((d) => `${d}/${program}`);
  for (const c of candidates) {
    if (await Deno.stat(c).then((s) => s.isFile, () => false)) return true;
  }
  return false;
}

/** Checks what live runs need and prints the exact install line for what is missing. */
export async function doctor(s: Style, write: (t: string) => void): Promise<boolean> {
  const line = (t: string) => write(t + "\n");
  const ok = (good: boolean, what: string, detail: string) =>
    line(`${good ? s.green("✓") : s.red("✗")} ${what.padEnd(22)} ${s.dim(detail)}`);

  ok(true, "deno", Deno.version.deno);
  const missing = new Set<string>();
  let coreOk = true;
  for (const tool of TOOLS) {
    const has = await found(tool.program);
    ok(has, tool.program.replace("/usr/lib/cni/", "cni "), `${tool.pkg}: ${tool.why}`);
    if (!has) {
      missing.add(tool.pkg);
      if (tool.core) coreOk = false;
    }
  }
  const sandbox = await probeSandbox();
  ok("kind" in sandbox, "lab sandbox", "kind" in sandbox ? `${sandbox.kind}` : sandbox.reason);
  if ("kind" in sandbox && coreOk) {
    await using lab = await Sandbox.start();
    const kernel = ["veth", "bridge", "vxlan", "ipip", "gre", "dummy", "ipvs", "netem"] as const;
    const has = await probeCapabilities(kernel, (c) => lab.run(c));
    for (const cap of kernel) {
      ok(
        has.has(cap),
        `kernel: ${cap}`,
        has.has(cap) ? "" : "notebooks that need it replay their recording",
      );
    }
  }
  line("");
  if (missing.size) {
    line(`To install what is missing:\n  apt-get install -y ${[...missing].join(" ")}`);
  }
  const ready = coreOk && "kind" in sandbox;
  line(
    ready
      ? s.green("Live runs work here.")
      : s.yellow("Live runs cannot work here yet; notebooks replay their recordings."),
  );
  return ready;
}
