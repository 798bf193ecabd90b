/**
 * The first cell of an exported notebook, run twice in a real Deno kernel (as one does after
 * editing it, or by mistake): the second run closes the lab the first opened and says so, and
 * its cells run in the new lab.
 */
import assert from "node:assert/strict";
import type { RunResult } from "../../lib/execute/results.ts";
import { toIpynb } from "../../lib/export/to_ipynb.ts";
import { describe, ended, processInfo } from "../lab/host_processes.ts";
import { copyNotebook, labCanRun } from "../support.ts";
import { KernelDriver, MOD_URL, outputText, pythonHas } from "./kernel_driver.ts";

// CI has jupyter_client (python3-jupyter-client) and the lab; there this test must run.
const ready = await pythonHas("jupyter_client") && await labCanRun();
const ignore = !ready && !Deno.env.get("CI");
if (ignore) console.warn("ignoring the kernel test: it needs python3-jupyter-client and the lab");

Deno.test(
  "running an exported notebook's first cell twice leaves one lab",
  { ignore },
  async () => {
    await using copy = await copyNotebook("jupyter_session.md");
    const notebook = copy.parse();
    const run: RunResult = { notebook, mode: "live", reason: "", ok: true, cells: [] };
    const cells = toIpynb(run, { modImport: MOD_URL, notebookPath: copy.path }).cells;
    const source = (id: string) => cells.find((c) => c.id === id)!.source.join("");
    const setup = `${source("setup")}\nconsole.log(JSON.stringify({ lab: nb.labPid }));`;
    await using driver = await KernelDriver.start();
    const labOf = async () => {
      const ran = await driver.run(setup);
      const said = ran.outputs.map(outputText).join("\n");
      assert.equal(ran.status, "ok", said);
      return { said, lab: processInfo(Number(/"lab":(\d+)/.exec(said)?.[1]))! };
    };

    const first = await labOf();
    assert.ok(first.lab && !ended(first.lab), `no first lab:\n${first.said}`);
    const second = await labOf();
    assert.ok(ended(first.lab), `the first lab still runs:\n${describe([first.lab])}`);
    assert.ok(second.lab && !ended(second.lab), `no second lab:\n${second.said}`);
    assert.match(second.said, /closed the lab this kernel opened before/);
    const made = await driver.run(source("cell-make"));
    assert.equal(made.status, "ok", made.outputs.map(outputText).join("\n"));
    assert.match(outputText(made.outputs[0]), /^\$ ip netns add client/);
    await driver.run(source("stop"));
    assert.ok(ended(second.lab), "the stop cell left the lab running");
  },
);
