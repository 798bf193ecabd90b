/**
 * The curriculum's checks compare with what the kernel or a daemon produced, so they must fail when
 * the lab is not what the notebook teaches. Each case takes a notebook as it is, inserts one cell
 * that mutates the lab (a wrong MTU, a missing route, a node that moved, a rule gone) just before a
 * checking cell, drops what follows that cell, runs it live, and expects exactly that cell to fail,
 * with its own expectation (or, for the missing route, with the kernel's refusal of its lookup).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { liveOnly } from "../support.ts";
import { labBackends } from "../../lib/lab/backends.ts";

interface Mutation {
  notebook: string;
  /** The cell whose check must fail. */
  before: string;
  /** What is done to the lab first. */
  commands: string[];
  /** A piece of the failed expectation's text. */
  fails: string;
}

const MUTATIONS: Mutation[] = [
  {
    notebook: "07-flannel-vxlan.md",
    before: "flannel-1",
    commands: ["ip -n node1 link set eth0 mtu 1400"],
    fails: "the kernel to give flannel.1 eth0's MTU (1400) minus 50",
  },
  {
    notebook: "07-flannel-vxlan.md",
    before: "node1-neighbour",
    commands: ["ip -n node2 link set flannel.1 address 0e:f1:00:00:00:09"],
    fails: "to hold the MAC node2's kernel reports for it",
  },
  {
    notebook: "06-flannel-host-gw.md",
    before: "read-lease",
    commands: ["ip -n node2 link set eth0 mtu 1400"],
    fails: "node2's FLANNEL_MTU to be the MTU the kernel reports for its eth0 (1400)",
  },
  {
    notebook: "06-flannel-host-gw.md",
    before: "host-gw-routes",
    commands: [
      "ip -n node2 addr del 192.168.7.111/24 dev eth0",
      "ip -n node2 addr add 192.168.7.112/24 dev eth0",
    ],
    fails: "node1's route -n to send 10.244.2.0 to node2's own address",
  },
  {
    notebook: "06-flannel-host-gw.md",
    before: "route-get",
    commands: ["ip -n node1 route del 10.244.2.0/24"],
    // The kernel itself refuses the lookup the check asks for.
    fails:
      "`ip -n node1 -j route get 10.244.2.2` exited with code 2:\nRTNETLINK answers: Network is unreachable",
  },
  {
    notebook: "09-clusterip.md",
    before: "chain-name",
    commands: ["iptables -t nat -D KUBE-SERVICES 1"],
    fails: "the kernel's KUBE-SERVICES rule for default/web:http to jump to KUBE-SVC-",
  },
];

/** The notebook up to and with cell `before`, with a cell running `commands` inserted ahead of it. */
function mutated(text: string, m: Mutation): string {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.startsWith("```ts id=" + m.before));
  assert.ok(start > 0, `${m.notebook} has no cell ${m.before}`);
  const end = lines.findIndex((l, i) => i > start && l === "```");
  const cell = [
    "```ts id=mutation",
    ...m.commands.map((c) => `await $\`${c}\`;`),
    "```",
    "",
  ];
  return [...lines.slice(0, start), ...cell, ...lines.slice(start, end + 1)].join("\n") + "\n";
}

for (const m of MUTATIONS) {
  Deno.test({
    name: `${m.notebook}: ${m.before} fails after ${m.commands.join("; ")}`,
    ...await liveOnly(),
    fn: async () => {
      const path = fileURLToPath(new URL(`../../notebooks/${m.notebook}`, import.meta.url));
      const notebook = parseNotebook(mutated(await Deno.readTextFile(path), m), path);
      const dir = await Deno.makeTempDir({ prefix: "netbook-mutation-" });
      try {
        const run = await runNotebook(notebook, {
          mode: "live",
          backends: labBackends(),
          fixture: join(dir, "none.json"),
        });
        assert.equal(run.ok, false, `${m.before} passed on a mutated lab`);
        const failed = run.cells.filter((c) => c.status === "failed").map((c) => c.id);
        assert.deepEqual(failed, [m.before], run.error?.message);
        assert.ok(run.error?.message.includes(m.fails), run.error?.message);
        const mutation = run.cells.find((c) => c.id === "mutation");
        assert.equal(mutation?.status, "ok", "the mutation itself to have worked");
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}
