/**
 * A packet capture's file goes where a reader can open it in Wireshark: the HTML site and the
 * Markdown export write it beside the page and link it under the capture's table; a Jupyter
 * notebook gets a download link. The bytes are the ones the recording kept (the lab's
 * `base64 -w0 /tmp/NAME.pcap`), so a replayed export still has them. tests/data/capture_export.md
 * was recorded in the lab.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { exportNotebooks } from "../../lib/export/export_notebooks.ts";
import { exportHtmlSite } from "../../lib/export/html_site.ts";
import { pcapFiles } from "../../lib/export/pcap_files.ts";
import { toIpynb } from "../../lib/export/to_ipynb.ts";
import { toMarkdown } from "../../lib/export/to_markdown.ts";
import { parsePcap } from "../../lib/inspect/pcap_file.ts";
import { decodeBase64 } from "../../lib/fixture/base64.ts";
import { dataPath, replayFile } from "../support.ts";

const run = await replayFile("tests/data/capture_export.md");

/** What the recording holds for a cell's capture file: the lab's base64 of it, decoded. */
async function recorded(cell: string): Promise<Uint8Array> {
  const fixture = JSON.parse(await Deno.readTextFile(dataPath("capture_export.fixture.json")));
  const read = fixture.cells[cell].find((c: { command: string }) =>
    c.command === `base64 -w0 /tmp/${cell}.pcap`
  );
  return decodeBase64(read.stdout.trim());
}

Deno.test("each capture is a file named after the notebook and its cell, with the recorded bytes", async () => {
  const { files } = pcapFiles(run);
  assert.deepEqual([...files.keys()], ["capture_export.ping.pcap", "capture_export.burst.pcap"]);
  assert.deepEqual(files.get("capture_export.ping.pcap"), await recorded("ping"));
  assert.deepEqual(files.get("capture_export.burst.pcap"), await recorded("burst"));
  assert.equal(parsePcap(files.get("capture_export.burst.pcap")!).records.length, 400);
});

Deno.test("the HTML site writes the files beside the page and links each under its table", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // The site copies mermaid's bundle; a stand-in keeps this test away from the real one.
    const bundle = join(dir, "fake-mermaid.js");
    await Deno.writeTextFile(bundle, "window.mermaid = undefined;\n");
    await exportHtmlSite([run], { outDir: join(dir, "site"), mermaidBundle: bundle });
    const page = await Deno.readTextFile(join(dir, "site", "capture_export.html"));
    const table = page.indexOf('<table class="nb-table nb-packets"');
    const link = page.indexOf('<a href="capture_export.ping.pcap" download>');
    assert.ok(table >= 0 && link > table, "the link follows the table");
    assert.deepEqual(
      await Deno.readFile(join(dir, "site", "capture_export.ping.pcap")),
      await recorded("ping"),
    );
    assert.deepEqual(
      await Deno.readFile(join(dir, "site", "capture_export.burst.pcap")),
      await recorded("burst"),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the Markdown export links each file right after its table, and writes it", async () => {
  const md = toMarkdown(run);
  assert.match(
    md,
    /echo reply id \d+ seq 2\n[^`]*open it in Wireshark\n```\n\n\[capture_export\.ping\.pcap\]\(capture_export\.ping\.pcap\) \(\d+ bytes\)/,
  );
  const dir = await Deno.makeTempDir();
  try {
    const notebook = run.notebook;
    await exportNotebooks([notebook], { to: "md", outDir: dir });
    assert.deepEqual(
      await Deno.readFile(join(dir, "capture_export.ping.pcap")),
      await recorded("ping"),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("in Jupyter, the table gains a link that downloads the file", async () => {
  const ipynb = toIpynb(run, {
    modImport: "../mod.ts",
    notebookPath: "tests/data/capture_export.md",
  });
  const html = JSON.stringify(ipynb.cells).match(
    /data:application\/vnd\.tcpdump\.pcap;base64,([A-Za-z0-9+/=]+)/,
  );
  assert.ok(html, "a data: link to the capture");
  assert.deepEqual(decodeBase64(html[1] ?? ""), await recorded("ping"));
  assert.ok(JSON.stringify(ipynb.cells).includes('download=\\"ping.pcap\\"'));
});
