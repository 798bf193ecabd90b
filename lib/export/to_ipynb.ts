import type { CellResult, RunResult } from "../execute/results.ts";
import type { Cell } from "../notebook/model.ts";
import type { MimeBundle } from "../render/mime.ts";
import { introMarkdown } from "./intro.ts";
import { exerciseMarkdown, questionMarkdown } from "./exercise_parts.ts";
import {
  mermaidSource,
  modeBundle,
  noLabToCheckBundle,
  outputBundle,
  skippedBundle,
} from "./output_bundle.ts";
import { withPcapDownload } from "../render/pcap_attachment.ts";
import { messagesOf } from "../i18n/messages.ts";

/** nbformat 4.5, as Jupyter reads it. Multi-line strings are lists of lines, as Jupyter writes. */
export interface Ipynb {
  nbformat: 4;
  nbformat_minor: 5;
  metadata: Record<string, unknown>;
  cells: IpynbCell[];
}

export type IpynbOutput =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string[] }
  | {
    output_type: "display_data";
    data: Record<string, string[]>;
    metadata: Record<string, never>;
  };

export type IpynbCell =
  | {
    cell_type: "markdown";
    id: string;
    metadata: Record<string, unknown>;
    source: string[];
    attachments?: Record<string, Record<string, string>>;
  }
  | {
    cell_type: "code";
    id: string;
    metadata: Record<string, unknown>;
    source: string[];
    execution_count: null;
    outputs: IpynbOutput[];
  };

export interface IpynbOptions {
  /**
   * netbook's mod.ts relative to the exported file's folder, e.g. "../../mod.ts": where the first
   * cell looks for netbook unless $NETBOOK_HOME names the clone. Never an absolute path.
   */
  modImport: string;
  /** The notebook as `start()` should find it, relative to the repository. */
  notebookPath: string;
  /** SVGs drawn for mermaid sources, added to the outputs that carry those diagrams. */
  svgs?: ReadonlyMap<string, string>;
}

/** UTF-8 text as base64, as nbformat stores an attachment. */
function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Text as nbformat stores it: a list of lines, each keeping its newline. */
function lines(text: string): string[] {
  return text.split(/(?<=\n)/).filter((l) => l !== "");
}

function displayData(bundle: MimeBundle): IpynbOutput {
  const data: Record<string, string[]> = {};
  for (const [mime, value] of Object.entries(bundle)) data[mime] = lines(value);
  return { output_type: "display_data", data, metadata: {} };
}

/** The outputs of one cell as Jupyter stores them, in the order the run made them. */
function cellOutputs(
  result: CellResult | undefined,
  svgs: ReadonlyMap<string, string> | undefined,
  lang: string | undefined,
): IpynbOutput[] {
  const outputs: IpynbOutput[] = [];
  for (const output of result?.outputs ?? []) {
    if (output.type === "stream") {
      outputs.push({ output_type: "stream", name: output.name, text: lines(output.text) });
      continue;
    }
    const bundle = { ...withPcapDownload(outputBundle(output), `${result!.id}.pcap`, lang) };
    const source = mermaidSource(bundle);
    const svg = source === undefined ? undefined : svgs?.get(source);
    // An output with HTML (a trace's table) is shown as its HTML by every frontend, as a run in
    // the kernel shows it (lib/jupyter/kernel_diagrams.ts): its diagram is a display of its own.
    if (svg && !bundle["image/svg+xml"] && bundle["text/html"] === undefined) {
      bundle["image/svg+xml"] = svg;
    }
    // With an SVG, the diagram is shown as SVG everywhere: classic Notebook and VS Code would
    // pick the Markdown (its mermaid source, as text) over it.
    if (bundle["image/svg+xml"] && bundle["text/html"] === undefined) {
      delete bundle["text/markdown"];
    }
    outputs.push(displayData(bundle));
  }
  if (result?.status === "skipped") {
    outputs.push(displayData(skippedBundle(result.id, result.note, lang)));
  }
  return outputs;
}

/** The cell's code, between the lines that tell netbook where the cell starts and ends. */
function codeSource(cell: Cell): string {
  const code = cell.code.endsWith("\n") ? cell.code : cell.code + "\n";
  const guarded = cell.options.skip || cell.options.requires.length > 0;
  const id = JSON.stringify(cell.id);
  const role = cell.options.role;
  const name = JSON.stringify(role?.name);
  const framed = (open: string) => `await nb.cell(${id});\n${open}\n${code}});\nawait nb.end();\n`;
  switch (role?.kind) {
    case "check":
      return framed(`nb.defineCheck(${name}, async (claim) => {`);
    case "hint":
      return framed(`nb.defineHint(${name}, async () => {`);
    case "answer":
      return framed(`await nb.answer(${id}, async () => {`);
  }
  return guarded
    ? `if (await nb.cell(${id})) {\n${code}}\nawait nb.end();\n`
    : `await nb.cell(${id});\n${code}await nb.end();\n`;
}

/**
 * A recorded run as a Jupyter notebook for Deno's kernel: the narrative as Markdown cells, each
 * code cell with its recorded outputs in place, a first cell that opens the lab, a last that
 * closes it. Pure.
 */
export function toIpynb(run: RunResult, o: IpynbOptions): Ipynb {
  const { notebook } = run;
  const { lang } = notebook.meta;
  const m = messagesOf(lang);
  const setup = [
    "// Opens this notebook's lab: live where this machine can run it, else the recording",
    "// (NETBOOK_MODE=live or replay, set before starting Jupyter, chooses).",
    "// netbook comes from your clone of it: $NETBOOK_HOME if set, else the clone this notebook",
    `// was exported from, at ${o.modImport} from this notebook's folder.`,
    'const home = Deno.env.get("NETBOOK_HOME");',
    "const mod = home",
    '  ? new URL("mod.ts", `file://${home.replace(/\\/?$/, "/")}`)',
    `  : new URL(${JSON.stringify(o.modImport)}, \`file://\${Deno.cwd()}/\`);`,
    "if (!(await Deno.stat(mod).then(() => true, () => false))) {",
    "  throw new Error(",
    "    `netbook is not at ${mod.pathname}. Set NETBOOK_HOME to the folder of your netbook ` +",
    '      "clone (the one with mod.ts) before starting Jupyter, then run this cell again.",',
    "  );",
    "}",
    "const netbook = await import(mod.href);",
    "const { $, lab, show } = netbook;",
    `const nb = await netbook.start({ notebook: ${JSON.stringify(o.notebookPath)} });`,
  ].join("\n");
  const results = new Map(run.cells.map((c) => [c.id, c]));
  const code = (id: string, source: string, outputs: IpynbOutput[], meta = {}): IpynbCell => ({
    cell_type: "code",
    id,
    metadata: meta,
    source: lines(source),
    execution_count: null,
    outputs,
  });
  const cells: IpynbCell[] = [
    {
      cell_type: "markdown",
      id: "intro",
      metadata: {},
      source: lines(introMarkdown(notebook.meta) + "\n\n" + m.cellFrameNote),
    },
    code("setup", setup, [
      displayData(modeBundle(notebook.meta.title, run.mode, run.reason, [], lang)),
    ]),
  ];
  notebook.parts.forEach((part, i) => {
    if (part.kind === "code" && part.options.role?.kind === "solution") {
      // The learner's turn comes before the reference solution: a cell to edit, then the check.
      const name = part.options.role.name;
      cells.push(code(
        `try-${name}`.slice(0, 64),
        m.yourTurnCell,
        [],
        { netbook: { exercise: name, editable: true } },
      ));
      // Replayed, there is no lab to judge, and the cell says so (as it will when run again).
      const note = run.mode === "replay"
        ? [displayData(noLabToCheckBundle(name, run.reason, lang))]
        : [];
      cells.push(code(
        `check-${name}-now`.slice(0, 64),
        `await nb.check(${JSON.stringify(name)});\n`,
        note,
        { netbook: { exercise: name } },
      ));
    }
    if (part.kind === "code") {
      const meta = { netbook: { cell: part.id, line: part.line } };
      cells.push(code(
        `cell-${part.id}`.slice(0, 64),
        codeSource(part),
        cellOutputs(
          results.get(part.id),
          o.svgs,
          lang,
        ),
        meta,
      ));
    } else {
      const svg = part.kind === "mermaid"
        ? o.svgs?.get(part.source.replace(/\s+$/, ""))
        : undefined;
      if (svg !== undefined && part.kind === "mermaid") {
        // The drawing as an attachment of the Markdown cell: nbconvert, classic Notebook,
        // JupyterLab and VS Code all show it, and running the notebook again keeps it.
        const name = `diagram-${i}.svg`;
        cells.push({
          cell_type: "markdown",
          id: `md-${i}`,
          metadata: { netbook: { mermaid: part.source } },
          source: [`![diagram](attachment:${name})`],
          attachments: { [name]: { "image/svg+xml": base64(svg) } },
        });
        return;
      }
      const text = part.kind === "mermaid"
        ? "```mermaid\n" + part.source + "\n```"
        : part.kind === "markdown"
        ? part.text
        : part.kind === "exercise"
        ? exerciseMarkdown(part, o.notebookPath, notebook.meta.lang)
        : questionMarkdown(part, notebook.meta.lang);
      if (text.trim()) {
        cells.push({ cell_type: "markdown", id: `md-${i}`, metadata: {}, source: lines(text) });
      }
    }
  });
  cells.push(code("stop", "// Ends the lab.\nawait nb.stop();\n", []));
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: "deno", display_name: "Deno", language: "typescript" },
      language_info: {
        name: "typescript",
        file_extension: ".ts",
        mimetype: "text/x.typescript",
        codemirror_mode: "typescript",
        pygments_lexer: "typescript",
        nbconvert_exporter: "script",
      },
      netbook: { notebook: o.notebookPath, mode: run.mode },
    },
    cells,
  };
}
