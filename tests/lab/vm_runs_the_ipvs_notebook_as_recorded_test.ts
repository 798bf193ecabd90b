/**
 * notebooks/13-ipvs.md needs what many kernels lack (ip_vs, dummy, ipset), so it was recorded in
 * the micro-VM. Here it runs live in the VM again, and must match its recording once what always
 * varies is masked (the drift check), with the recording saying where it was made. In CI the VM
 * is built and this runs; elsewhere without qemu and friends it is ignored, saying why.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { compareFixtures } from "../../lib/fixture/compare_fixtures.ts";
import { fixturePathFor } from "../../lib/fixture/paths.ts";
import { readFixture } from "../../lib/fixture/read_fixture.ts";
import { vmBackend } from "../../lib/lab/vm_backend.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";

const NOTEBOOK = "notebooks/13-ipvs.md";
const path = fileURLToPath(new URL(`../../${NOTEBOOK}`, import.meta.url));
const support = await vmBackend.support();
const ignore = !support.ok && !Deno.env.get("CI");
if (ignore) console.warn(`ignoring the live run of ${NOTEBOOK} in the micro-VM: ${support.reason}`);

Deno.test({ name: `live ${NOTEBOOK} in the micro-VM matches its recording`, ignore }, async () => {
  const recorded = await readFixture(fixturePathFor(path), path);
  assert.equal(recorded.recorded.backend.kind, "vm", "the recording was not made in the VM");
  const dir = await Deno.makeTempDir({ prefix: "netbook-vm-drift-" });
  try {
    const fresh = join(dir, "fresh.json");
    const notebook = parseNotebook(await Deno.readTextFile(path), NOTEBOOK);
    const result = await runNotebook(notebook, {
      mode: "record",
      fixture: fresh,
      backend: vmBackend,
    });
    assert.ok(result.ok, result.error?.message);
    const now = await readFixture(fresh, path);
    assert.equal(now.recorded.backend.kind, "vm");
    assert.equal(now.recorded.kernel, recorded.recorded.kernel);
    const drift = compareFixtures(recorded, now);
    assert.deepEqual(
      drift.map((d) => `${d.cell}#${d.call}: ${d.what}`),
      [],
      `${NOTEBOOK} drifted from its recording; if intended: deno task record --backend vm ${NOTEBOOK}`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
