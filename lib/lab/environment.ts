import { CAPABILITIES } from "../capability/registry.ts";
import type { Recorded } from "../fixture/schema.ts";
import type { Lab } from "./backend.ts";

/**
 * Describes the lab a recording is made in: its backend, kernel, tools and every capability it
 * has (so a replay can say what the recording's lab could do). Two commands in the lab.
 */
export async function labEnvironment(lab: Lab): Promise<Omit<Recorded, "date">> {
  const r = await lab.exec(
    "uname -r; ip -V 2>&1 | head -1; iptables -V 2>/dev/null || echo none",
  );
  const [kernel, iproute2, iptables] = new TextDecoder().decode(r.stdout).split("\n")
    .map((l) => l.trim());
  // Where the lab ran (another machine's name) is not the recording's to say.
  const { host: _host, ...backend } = lab.info;
  return {
    backend,
    kernel: kernel ?? "",
    iproute2: iproute2 ?? "",
    iptables: iptables ?? "",
    deno: Deno.version.deno,
    capabilities: [...await lab.probe(CAPABILITIES)].sort(),
  };
}
