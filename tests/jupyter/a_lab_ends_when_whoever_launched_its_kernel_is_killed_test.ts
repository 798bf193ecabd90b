/**
 * A lab must not outlive whoever opened it: when the program that launched a Jupyter kernel is
 * killed with kill -9 (nbconvert, the Jupyter server), the kernel closes its lab and ends, even
 * with a cell stuck in a loop. Runs a real Deno kernel under jupyter_client (kernel_driver.py),
 * which sets JPY_PARENT_PID as Jupyter does, and looks at /proc.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { copyNotebook, labCanRun } from "../support.ts";
import {
  describe,
  ended,
  type HostProcess,
  labPidNamespaces,
  processes,
  processInfo,
  waitFor,
} from "../lab/host_processes.ts";
import { KernelDriver, MOD_URL, outputText, pythonHas } from "./kernel_driver.ts";

// CI has jupyter_client (python3-jupyter-client) and the lab; there these tests must run.
const ready = await pythonHas("jupyter_client") && await labCanRun();
const ignore = !ready && !Deno.env.get("CI");
if (ignore) console.warn("ignoring the kernel tests: they need python3-jupyter-client and the lab");

/** How long the kernel may take to notice, close its lab and end (it looks every 0.5 s). */
const IDLE_MS = 10_000;
/** With a cell stuck in a loop, the kernel is killed once its lab had 10 s to close. */
const STUCK_MS = 25_000;

/** Opens a live lab in the kernel; the kernel, the lab's sandbox and everything in the lab. */
async function openLab(
  driver: KernelDriver,
  notebook: string,
  dir: string,
): Promise<HostProcess[]> {
  // The cell writes the lab's PID to a file before it ends: a stream message may reach the
  // driver after the cell's reply, a file written by the cell is there when the reply is.
  const labFile = join(dir, "lab-pid");
  const setup = await driver.run(
    `import * as netbook from ${JSON.stringify(MOD_URL)};\n` +
      `const nb = await netbook.start({ notebook: ${JSON.stringify(notebook)}, mode: "live" });\n` +
      `Deno.writeTextFileSync(${JSON.stringify(labFile)}, String(nb.labPid));`,
  );
  const said = setup.outputs.map(outputText).join("\n");
  assert.equal(setup.status, "ok", said);
  const lab = Number(await Deno.readTextFile(labFile).catch(() => ""));
  assert.ok(lab > 0, `the kernel named no lab process:\n${said}`);
  const pidns = labPidNamespaces(lab);
  const all = [processInfo(driver.kernel)!, ...processes().filter((p) => pidns.has(p.pidns))];
  all.push(processInfo(lab)!);
  assert.ok(all.length >= 4, `the lab is not up:\n${describe(all)}`);
  return all;
}

async function killAndCheck(stuck: boolean): Promise<void> {
  await using copy = await copyNotebook("jupyter_session.md");
  await using driver = await KernelDriver.start();
  const everyone = await openLab(driver, copy.path, copy.dir);
  if (stuck) {
    // The cell says it is about to loop (a file), then never yields again.
    const looping = join(copy.dir, "looping");
    await driver.send(`Deno.writeTextFileSync(${JSON.stringify(looping)}, ""); while (true) {}`);
    const started = await waitFor(() => {
      try {
        return Deno.statSync(looping).isFile;
      } catch {
        return false;
      }
    }, 30_000);
    assert.ok(started, "the looping cell never started");
  }
  await driver.killLauncher();
  const left = () => everyone.filter((p) => !ended(p));
  const ms = stuck ? STUCK_MS : IDLE_MS;
  assert.ok(
    await waitFor(() => left().length === 0, ms),
    `${ms} ms after kill -9 of the kernel's launcher, still running:\n${describe(left())}`,
  );
}

Deno.test(
  "kill -9 of whoever launched the kernel ends the kernel and its lab",
  { ignore },
  () => killAndCheck(false),
);

Deno.test(
  "kill -9 of whoever launched the kernel ends them even while a cell is stuck in a loop",
  { ignore },
  () => killAndCheck(true),
);
