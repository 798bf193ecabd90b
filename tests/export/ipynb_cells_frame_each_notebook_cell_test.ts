import assert from "node:assert/strict";
import type { RunResult } from "../../lib/execute/results.ts";
import { toIpynb } from "../../lib/export/to_ipynb.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { readData } from "../support.ts";

async function exported(name: string, run: Partial<RunResult> = {}) {
  const notebook = parseNotebook(await readData(name), `tests/data/${name}`);
  const result: RunResult = {
    notebook,
    mode: "replay",
    reason: "as asked",
    ok: true,
    cells: notebook.cells.map((c) => ({ id: c.id, status: "ok", ms: 1, outputs: [] })),
    ...run,
  };
  return { notebook, ipynb: toIpynb(result, { modImport: "../mod.ts", notebookPath: "x.md" }) };
}

Deno.test("each code cell is framed by nb.cell() and nb.end(); guarded ones by an if", async () => {
  const { ipynb } = await exported("guarded_cells.md");
  const code = ipynb.cells.filter((c) => c.cell_type === "code").map((c) => c.source.join(""));
  assert.equal(code.length, 5); // setup, three cells, stop
  assert.match(code[0] ?? "", /^\/\/ Opens this notebook's lab/);
  assert.match(code[0] ?? "", /new URL\("\.\.\/mod\.ts", `file:\/\/\$\{Deno\.cwd\(\)\}\/`\)/);
  assert.match(code[0] ?? "", /Deno\.env\.get\("NETBOOK_HOME"\)/);
  assert.equal(
    code[1],
    'if (await nb.cell("tunnel")) {\nconst tunnel = "made";\nawait $`echo making a tunnel`;\n' +
      'console.log("tunnel ran");\n}\nawait nb.end();\n',
  );
  assert.match(code[2] ?? "", /^if \(await nb\.cell\("marked"\)\) \{\n/);
  assert.equal(
    code[3],
    'await nb.cell("after");\nconsole.log(`after sees tunnel as ${typeof tunnel}`);\n' +
      "await nb.end();\n",
  );
  assert.equal(code[4], "// Ends the lab.\nawait nb.stop();\n");
});

Deno.test("outputs go in place: transcripts with HTML, streams, notes, and SVG for diagrams", async () => {
  const source = "flowchart LR\n  a --> b";
  const { ipynb } = await exported("scope.md", {
    cells: [{
      id: "one",
      status: "ok",
      ms: 1,
      outputs: [
        {
          type: "command",
          transcript: {
            command: "ip link",
            stdout: "1: lo\n",
            stderr: "",
            code: 0,
            ms: 1,
            expected: false,
          },
        },
        { type: "stream", name: "stdout", text: "one\ntwo\n" },
        {
          type: "display",
          bundle: { "text/plain": "art", "text/markdown": "```mermaid\n" + source + "\n```" },
        },
      ],
    }, { id: "two", status: "skipped", ms: 0, note: "marked skip", outputs: [] }],
  });
  const [first, second] = ipynb.cells.filter((c) => c.cell_type === "code").slice(1);
  assert.ok(first?.cell_type === "code" && second?.cell_type === "code");
  const [transcript, stream, diagram] = first.outputs;
  assert.ok(transcript?.output_type === "display_data");
  assert.deepEqual(transcript.data["text/plain"], ["$ ip link\n", "1: lo"]);
  assert.match(transcript.data["text/html"]?.join("") ?? "", /class="nb-transcript"/);
  assert.deepEqual(stream, { output_type: "stream", name: "stdout", text: ["one\n", "two\n"] });
  assert.ok(diagram?.output_type === "display_data");
  assert.equal(diagram.data["image/svg+xml"], undefined, "no SVG unless one was drawn");
  assert.deepEqual(second.outputs, [{
    output_type: "display_data",
    data: { "text/plain": ["(cell two skipped: marked skip)"] },
    metadata: {},
  }]);

  const notebook = parseNotebook(await readData("scope.md"), "tests/data/scope.md");
  const withSvg = toIpynb({
    notebook,
    mode: "replay",
    reason: "",
    ok: true,
    cells: [{
      id: "one",
      status: "ok",
      ms: 1,
      outputs: [{
        type: "display",
        bundle: { "text/markdown": "```mermaid\n" + source + "\n```" },
      }],
    }],
  }, {
    modImport: "../mod.ts",
    notebookPath: "x.md",
    svgs: new Map([[source, "<svg>drawn</svg>"]]),
  });
  const cell = withSvg.cells.find((c) => c.id === "cell-one");
  assert.ok(cell?.cell_type === "code");
  assert.ok(cell.outputs[0]?.output_type === "display_data");
  assert.deepEqual(cell.outputs[0]?.data["image/svg+xml"], ["<svg>drawn</svg>"]);
});
