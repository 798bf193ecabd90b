/**
 * What `deno task notebook` does, reduced to what the kill tests need: runs one notebook live
 * and prints every event, then the outcome, as JSON lines on standard output.
 *
 *   deno run -A tests/data/run_live.ts NOTEBOOK.md
 */
import { parseNotebook, runNotebook } from "../../runtime.ts";
import { labBackends } from "../../backend.ts";

const [path] = Deno.args;
if (path === undefined) throw new Error("usage: deno run -A tests/data/run_live.ts NOTEBOOK.md");
const print = (value: unknown) => console.log(JSON.stringify(value));
const result = await runNotebook(parseNotebook(await Deno.readTextFile(path), path), {
  mode: "live",
      backends: labBackends(),
  onEvent: print,
});
print({ t: "result", ok: result.ok, error: result.error?.message });
Deno.exit(result.ok ? 0 : 1);
