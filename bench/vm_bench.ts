/**
 * The micro-VM lab against the netns lab: `deno bench -A bench/vm_bench.ts` (where qemu and the
 * netns lab both run; each group's baseline is the netns lab, timed in the same run). Groups:
 * - boot: a lab started until its agent is ready, then closed (the VM's image already built);
 * - command: one lab command (`true`), 20 times, in a lab already running;
 * - one command: tests/data/one_command.md live from start to end, lab included;
 * - notebook: notebooks/02-bridge.md live, lab included; and notebooks/13-ipvs.md in the VM (the
 *   netns lab of most hosts lacks ip_vs and dummy);
 * - image: the VM's image built into an empty cache, against its floor, unpacking the kernel
 *   with xz (which the build does once per kernel); and the VM booted once and saved, which
 *   the first lab under TCG does once per image (every later one is restored from it).
 * The first run builds the VM's image before anything is measured.
 */
import { fileURLToPath } from "node:url";
import type { Lab, LabBackend } from "../lib/lab/backend.ts";
import { netnsBackend } from "../lib/lab/netns_backend.ts";
import { vmBackend } from "../lib/lab/vm_backend.ts";
import { loadNotebook } from "../lib/cli/curriculum.ts";
import { runNotebook } from "../lib/execute/run_notebook.ts";
import { ensureImage } from "../lib/lab/vm/vm_image.ts";
import { ensureState } from "../lib/lab/vm/vm_state.ts";
import { extractVmlinux, findKernel } from "../lib/lab/vm/kernel.ts";

const LOOP = 20;
const ONE_COMMAND = fileURLToPath(new URL("../tests/data/one_command.md", import.meta.url));
const BACKENDS: [LabBackend, boolean][] = [[netnsBackend, true], [vmBackend, false]];
const ready = new Map<string, boolean>();
for (const [backend] of BACKENDS) ready.set(backend.kind, (await backend.support()).ok);

// Built (or found) outside any measurement, and one lab of each kind kept for the commands.
const labs = new Map<string, Lab>();
for (const [backend] of BACKENDS) {
  if (!ready.get(backend.kind)) continue;
  const lab = await backend.start({ onProgress: (m) => console.error(m) });
  labs.set(backend.kind, lab);
}
globalThis.addEventListener("unload", () => {
  for (const lab of labs.values()) void lab.close();
});

async function live(path: string, backend: LabBackend): Promise<void> {
  const run = await runNotebook(await loadNotebook(path), { mode: "live", backend });
  if (!run.ok) throw run.error;
}

for (const [backend, baseline] of BACKENDS) {
  const ignore = !ready.get(backend.kind);
  Deno.bench({
    name: `${backend.kind}: start a lab until its agent is ready, then close it`,
    group: "boot",
    baseline,
    ignore,
    n: 3,
    warmup: 0,
    async fn() {
      const lab = await backend.start();
      await lab.close();
    },
  });
  Deno.bench({
    name: `${backend.kind}: one lab command (true), ${LOOP} times`,
    group: "command",
    baseline,
    ignore,
    n: 3,
    warmup: 1,
    async fn(b) {
      const lab = labs.get(backend.kind)!;
      b.start();
      for (let i = 0; i < LOOP; i++) await lab.exec("true");
      b.end();
    },
  });
  Deno.bench({
    name: `${backend.kind}: a one-command notebook live, lab included`,
    group: "one command",
    baseline,
    ignore,
    n: 3,
    warmup: 0,
    async fn() {
      await live(ONE_COMMAND, backend);
    },
  });
  Deno.bench({
    name: `${backend.kind}: notebooks/02-bridge.md live, lab included`,
    group: "notebook",
    baseline,
    ignore,
    n: 1,
    warmup: 0,
    async fn() {
      await live("notebooks/02-bridge.md", backend);
    },
  });
}

Deno.bench({
  name: "vm: notebooks/13-ipvs.md live, lab included",
  group: "notebook",
  ignore: !ready.get("vm"),
  n: 1,
  warmup: 0,
  async fn() {
    await live("notebooks/13-ipvs.md", vmBackend);
  },
});

Deno.bench({
  name: "xz: unpack the kernel's payload (the build's floor)",
  group: "image",
  baseline: true,
  ignore: !ready.get("vm"),
  n: 1,
  warmup: 0,
  async fn() {
    await extractVmlinux((await findKernel()).image);
  },
});

Deno.bench({
  name: "vm: build the image into an empty cache",
  group: "image",
  ignore: !ready.get("vm"),
  n: 1,
  warmup: 0,
  async fn(b) {
    const cache = await Deno.makeTempDir({ prefix: "netbook-vm-bench-" });
    try {
      b.start();
      await ensureImage({ cache });
      b.end();
    } finally {
      await Deno.remove(cache, { recursive: true });
    }
  },
});

Deno.bench({
  name: "vm: boot it once and save it, for every lab to restore (TCG)",
  group: "image",
  ignore: !ready.get("vm"),
  n: 1,
  warmup: 0,
  async fn(b) {
    const cache = await Deno.makeTempDir({ prefix: "netbook-vm-bench-" });
    try {
      const image = await ensureImage({ cache });
      b.start();
      await ensureState(image);
      b.end();
    } finally {
      await Deno.remove(cache, { recursive: true });
    }
  },
});
