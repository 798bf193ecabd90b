/** The jumps kube-proxy adds to the built-in chains (iptablesJumpChains), per table. */
function hookRules(table: "filter" | "nat"): string[] {
  if (table === "nat") {
    return [
      `-I OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`,
      `-I PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`,
      `-I POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING`,
    ];
  }
  const jumps: [string, string, string][] = [
    ["KUBE-EXTERNAL-SERVICES", "INPUT", "kubernetes externally-visible service portals"],
    ["KUBE-EXTERNAL-SERVICES", "FORWARD", "kubernetes externally-visible service portals"],
    ["KUBE-SERVICES", "FORWARD", "kubernetes service portals"],
    ["KUBE-SERVICES", "OUTPUT", "kubernetes service portals"],
  ];
  return jumps.map(([to, from, comment]) =>
    `-I ${from} -m conntrack --ctstate NEW -m comment --comment "${comment}" -j ${to}`
  );
}

/**
 * The restore input: the filter table, then the nat table, each with its chains declared first
 * (`:CHAIN - [0:0]`, which with --noflush empties a chain that exists), then its rules.
 */
export function restoreInput(
  filterRules: string[],
  natChains: string[],
  natRules: string[],
  hooks: boolean,
): string {
  const table = (name: "filter" | "nat", chains: string[], rules: string[]) => [
    `*${name}`,
    ...chains.map((c) => `:${c} - [0:0]`),
    ...(hooks ? hookRules(name) : []),
    ...rules,
    "COMMIT",
  ];
  const filter = table("filter", ["KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES"], filterRules);
  return [...filter, ...table("nat", natChains, natRules)].join("\n") + "\n";
}
