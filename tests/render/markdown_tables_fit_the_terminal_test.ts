import assert from "node:assert/strict";
import { fitTable } from "../../lib/render/fit_table.ts";
import { markdownToTerminal } from "../../lib/render/markdown_terminal.ts";
import { makeStyle } from "../../lib/render/style.ts";
import { tooWide } from "./diagram_checks.ts";

const style = makeStyle(false);

// Notebook 00's table of the four problems: about 230 columns as written.
const PROBLEMS = `
| problem | what solves it | notebooks |
| --- | --- | --- |
| container to container, in one pod | one shared network namespace (the pause container's): \`localhost\`, shared ports | 01 (namespaces), 05 (a pod's shared namespace) |
| pod to pod, on one node | a veth pair per pod, plugged into a bridge on the node (\`cni0\`, like \`docker0\`) | 01 (veth), 02 (bridge) |
| pod to pod, across nodes | each node owns a subnet; routes to other nodes' subnets (flannel host-gw, Calico BGP) or a tunnel (VXLAN, IPIP) | later: flannel host-gw and VXLAN, Calico BGP and IPIP |
| pod to Service, and outside to Service | a stable virtual IP, translated to a pod by kube-proxy's rules (iptables or IPVS); NodePort, Ingress from outside | 03 (DNAT and tracing packets), 04 (egress NAT); later: kube-proxy iptables and IPVS, NodePort, Ingress |
`;

const cells = [
  ["problem", "what solves it", "notebooks"],
  [
    "container to container, in one pod",
    "one shared network namespace (the pause container's): localhost, shared ports",
    "01 (namespaces), 05 (a pod's shared namespace)",
  ],
  [
    "pod to pod, on one node",
    "a veth pair per pod, plugged into a bridge on the node (cni0, like docker0)",
    "01 (veth), 02 (bridge)",
  ],
  [
    "pod to pod, across nodes",
    "each node owns a subnet; routes to other nodes' subnets (flannel host-gw, Calico BGP) or a tunnel (VXLAN, IPIP)",
    "later: flannel host-gw and VXLAN, Calico BGP and IPIP",
  ],
  [
    "pod to Service, and outside to Service",
    "a stable virtual IP, translated to a pod by kube-proxy's rules (iptables or IPVS); NodePort, Ingress from outside",
    "03 (DNAT and tracing packets), 04 (egress NAT); later: kube-proxy iptables and IPVS, NodePort, Ingress",
  ],
];

/** Each row's text read back column by column (the columns start where the head's labels do). */
function readBack(text: string): string[][] {
  const [head, , ...rest] = text.split("\n");
  const [labels = []] = cells;
  assert.ok(head);
  const starts = labels.map((h) => head.indexOf(h));
  const blocks = rest.join("\n").split("\n\n").map((b) => b.split("\n"));
  const column = (lines: string[], c: number) =>
    lines.map((l) => l.slice(starts[c], starts[c + 1] ?? undefined).trim()).join(" ").trim()
      .replace(/\s+/g, " ");
  return [labels, ...blocks.map((lines) => labels.map((_, c) => column(lines, c)))];
}

for (const width of [80, 100, 120]) {
  Deno.test(`notebook 00's table at ${width} columns: every cell whole, in its own column`, () => {
    const text = markdownToTerminal(PROBLEMS, { width, style });
    assert.deepEqual(tooWide(text, width), []);
    assert.deepEqual(readBack(text), cells, text);
  });
}

Deno.test("a table that fits is left as aligned columns under a rule", () => {
  const text = markdownToTerminal("| a | bb |\n|---|---:|\n| ccc | 1 |\n| d | 22 |", {
    width: 80,
    style,
  });
  assert.equal(text, ["a    bb", "───  ──", "ccc   1", "d    22"].join("\n"));
});

Deno.test("a table too wide to wrap in columns becomes one record per block", () => {
  const head = ["chain", "table", "verdict", "rule", "packet", "interface"];
  const row = [
    "PREROUTING",
    "nat",
    "ACCEPT",
    "-A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.10:80",
    "203.0.113.2 → 203.0.113.1",
    "to-outside",
  ];
  const text = fitTable([head, row, row], { width: 40 });
  assert.deepEqual(tooWide(text, 40), []);
  const records = text.split("\n\n");
  assert.equal(records.length, 2);
  const [record] = records;
  assert.ok(record !== undefined);
  assert.match(record, /^chain:\s+PREROUTING$/m);
  assert.match(record, /^verdict:\s+ACCEPT$/m);
  assert.match(
    record.replace(/\n\s+/g, " "),
    /rule:\s+-A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10\.0\.0\.10:80/,
  );
});

Deno.test("colours in cells are kept and not counted as columns", () => {
  const colour = makeStyle(true);
  const text = markdownToTerminal(PROBLEMS, { width: 80, style: colour });
  assert.ok(text.includes("\x1b["), "coloured");
  assert.deepEqual(tooWide(text, 80), []);
});
