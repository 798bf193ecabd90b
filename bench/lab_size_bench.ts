/**
 * A big lab stays as quick to read as a small one, per namespace: `deno task bench` (as root, or
 * where rootless namespaces work). A live notebook builds a node with a bridge and N pods (each a
 * namespace on a veth to the bridge), then reads and shows the whole lab with `lab.topology()`
 * and one pod's links. Time should grow about linearly with N: 50 pods ≈ 10× 5 pods at most (lab
 * start is paid once on each side, so the ratio comes out below 10).
 */
import { join } from "node:path";
import { runNotebook } from "../lib/execute/run_notebook.ts";
import { netnsBackend } from "../lib/lab/netns_backend.ts";
import { parseNotebook } from "../lib/notebook/parse.ts";
import { labBackends } from "../lib/lab/backends.ts";

const ignore = !(await netnsBackend.support()).ok;
const dir = await Deno.makeTempDir({ prefix: "netbook-bench-lab-" });
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

/** A notebook whose lab has `n` pods on one bridge. */
async function labOf(n: number): Promise<string> {
  const build = [
    "ip netns add node",
    "ip -n node link add br0 type bridge",
    "ip -n node link set br0 up",
    `for i in $(seq ${n}); do`,
    "  ip netns add pod$i",
    "  ip link add eth0 netns pod$i type veth peer name veth$i netns node",
    "  ip -n pod$i addr add 10.1.$((i / 250)).$((i % 250 + 2))/16 dev eth0",
    "  ip -n pod$i link set eth0 up",
    "  ip -n node link set veth$i master br0 up",
    "done",
  ].join("\n");
  const text = [
    `# A lab of ${n} pods`,
    "",
    "```ts id=build",
    `await $\`${build}\`;`,
    "```",
    "",
    "```ts id=read",
    "show(await lab.topology());",
    "show(await lab.links('pod1'));",
    "```",
    "",
  ].join("\n");
  const path = join(dir, `pods${n}.md`);
  await Deno.writeTextFile(path, text);
  return path;
}

for (const n of [5, 50]) {
  const path = await labOf(n);
  Deno.bench({
    name: `a live lab of ${n} pods: built, then read and shown whole`,
    group: "lab size",
    baseline: n === 5,
    n: 3,
    ignore,
    async fn() {
      const notebook = parseNotebook(await Deno.readTextFile(path), path);
      const run = await runNotebook(notebook, { mode: "live", backends: labBackends() });
      if (!run.ok) throw run.error;
    },
  });
}
