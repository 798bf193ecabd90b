/**
 * Which names a command looks up in DNS: it runs in a network namespace of its own (nothing
 * leaves it) whose /etc/resolv.conf (bind-mounted in a mount namespace of its own) names a
 * listener on its loopback, which writes down every name asked. The host's network and files
 * stay as they were. Needs root (unshare), python3 and iproute2.
 */
import { join } from "node:path";

const LISTENER = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 53))
out = open(sys.argv[1], "a")
open(sys.argv[2], "w").close()
while True:
    data, _ = s.recvfrom(4096)
    i, labels = 12, []
    while i < len(data) and data[i]:
        labels.append(data[i + 1:i + 1 + data[i]].decode(errors="replace"))
        i += data[i] + 1
    out.write(".".join(labels) + "\\n")
    out.flush()
`;

/** Whether this machine can watch DNS this way (root, unshare, python3). */
export function canWatchDns(): boolean {
  return Deno.uid() === 0 &&
    ["unshare", "python3", "ip"].every((tool) =>
      new Deno.Command("sh", { args: ["-c", `command -v ${tool}`], stdout: "null" })
        .outputSync().success
    );
}

/** Deno.test options: ignored where DNS cannot be watched, except in CI, where it must be. */
export function dnsWatched(): { ignore: boolean } {
  const ignore = !canWatchDns() && !Deno.env.get("CI");
  if (ignore) console.warn("ignoring DNS tests: they need root, unshare, python3 and ip");
  return { ignore };
}

/** Runs `command` (with `env`) and returns the names it asked DNS for, and its exit code. */
export async function dnsQueries(
  command: string[],
  env: Record<string, string> = {},
): Promise<{ names: string[]; code: number; output: string }> {
  const dir = await Deno.makeTempDir({ prefix: "netbook-dns-" });
  try {
    const listener = join(dir, "listen.py"), names = join(dir, "names");
    const ready = join(dir, "ready"), resolv = join(dir, "resolv.conf");
    await Deno.writeTextFile(listener, LISTENER);
    await Deno.writeTextFile(resolv, "nameserver 127.0.0.1\n");
    await Deno.writeTextFile(names, "");
    const script = [
      "set -e",
      "ip link set lo up",
      `mount --bind ${resolv} /etc/resolv.conf`,
      `python3 ${listener} ${names} ${ready} </dev/null >/dev/null 2>&1 & listener=$!`,
      `while [ ! -e ${ready} ]; do sleep 0.05; done`,
      'set +e; "$@"; code=$?',
      // A lookup still on its way when the command ended reaches the listener first.
      'sleep 0.5; kill "$listener"; exit $code',
    ].join("\n");
    const out = await new Deno.Command("unshare", {
      args: ["--net", "--mount", "sh", "-c", script, "sh", ...command],
      env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    return {
      names: (await Deno.readTextFile(names)).split("\n").filter(Boolean),
      code: out.code,
      output: decoder.decode(out.stdout) + decoder.decode(out.stderr),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
