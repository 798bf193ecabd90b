/**
 * The netbook command line. The only place that exits the process.
 *   deno task notebook [notebook.md] [--mode auto|live|record|replay] [--quiet]
 *   deno task record [notebook.md ...]
 *   deno task doctor
 *   deno task check [notebook.md ...]
 *   deno task export --to ipynb|html|md [notebook.md ...|all] [--out dir]
 */
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { checkNotebooks } from "../check/check_notebook.ts";
import { EXPORT_FORMATS, type ExportFormat, exportNotebooks } from "../export/export_notebooks.ts";
import { runNotebook } from "../execute/run_notebook.ts";
import { CapabilityMissingError } from "../lab/errors.ts";
import type { Mode } from "../lab/runner.ts";
import { parseDuration } from "../notebook/cell_options.ts";
import { makeStyle, type Style } from "../render/style.ts";
import { curriculumPaths, loadNotebook } from "./curriculum.ts";
import { curriculumEntry } from "./curriculum_entry.ts";
import { doctor } from "./doctor.ts";
import { printRun } from "./print_run.ts";

const USAGE = `usage:
  deno task notebook                 list the curriculum
  deno task notebook NOTEBOOK.md     run one notebook
      --mode auto|live|record|replay   auto (default): live if this machine can, else replay
      --quiet                          print only the cells' outputs
      --timeout 60s                    default time limit per cell
  deno task record [NOTEBOOK.md ...] re-record notebooks (all when none is named)
  deno task doctor                   check what live runs need
  deno task check [NOTEBOOK.md ...]  type-check each notebook's cells together (all when none)
  deno task export --to ipynb|html|md [NOTEBOOK.md ...|all]
                                     export recorded runs (all when none) to dist/FORMAT/
      --out DIR                        write there instead`;

const encoder = new TextEncoder();
const write = (text: string) => Deno.stdout.writeSync(encoder.encode(text));
const tty = Deno.stdout.isTerminal();
const colour = tty && !Deno.env.get("NO_COLOR");
const style = makeStyle(colour);
const width = Math.min(tty ? Deno.consoleSize().columns : 100, 100);

class UsageError extends Error {}

async function list(s: Style): Promise<number> {
  write(s.bold("netbook: container and Kubernetes networking, by doing\n\n"));
  for (const path of await curriculumPaths()) {
    const nb = await loadNotebook(path);
    write(curriculumEntry(nb.meta, path, { width, style: s }) + "\n\n");
  }
  return 0;
}

async function run(path: string, mode: "auto" | Mode, quiet: boolean, timeout?: number) {
  const notebook = await loadNotebook(path);
  const s = style;
  const printer = printRun(notebook, { style: s, width, quiet, tty, write });
  printer.header();
  const started = performance.now();
  const result = await runNotebook(notebook, {
    mode,
    cellTimeout: timeout,
    onMode: printer.mode,
    onEvent: printer.onEvent,
  });
  printer.finish(result.ok);
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  if (!result.ok) {
    write(`\n${s.red(s.bold("✗ " + (result.error?.message ?? "the run failed")))}\n`);
    return 1;
  }
  const ran = result.cells.filter((c) => c.status !== "skipped").length;
  const skipped = result.cells.length - ran;
  write(
    s.green(`✓ ${ran} cell${ran === 1 ? "" : "s"} ran in ${secs}s (${result.mode})`) +
      (skipped ? s.yellow(`, ${skipped} skipped`) : "") +
      (result.fixture ? s.dim(`; recorded to ${result.fixture}`) : "") + "\n",
  );
  return 0;
}

async function record(paths: string[]): Promise<number> {
  const all = paths.length === 0;
  let failed = 0;
  for (const path of all ? await curriculumPaths() : paths) {
    write(`recording ${path} ... `);
    try {
      const notebook = await loadNotebook(path);
      const result = await runNotebook(notebook, { mode: "record" });
      if (result.ok) {
        const calls = result.cells.reduce((n, c) => n + c.outputs.length, 0);
        write(style.green(`ok`) + style.dim(` (${calls} outputs) -> ${result.fixture}\n`));
      } else {
        failed++;
        write(
          style.red(`failed\n  ${result.error?.message}\n`) +
            "  (the old recording is unchanged)\n",
        );
      }
    } catch (e) {
      if (all && e instanceof CapabilityMissingError) {
        write(style.yellow(`not here: ${e.message}\n`));
      } else {
        failed++;
        write(style.red(`failed\n  ${(e as Error).message}\n`));
      }
    }
  }
  return failed ? 1 : 0;
}

async function check(paths: string[]): Promise<number> {
  const notebooks = [];
  for (const path of paths.length ? paths : await curriculumPaths()) {
    notebooks.push(await loadNotebook(path));
  }
  let failed = 0;
  for (const result of await checkNotebooks(notebooks)) {
    const path = result.notebook.path;
    if (result.ok) {
      write(`${path} ${style.green("ok")}\n`);
      continue;
    }
    failed++;
    for (const d of result.diagnostics) {
      const where = d.line ? `${d.file}:${d.line}:${d.column}` : d.file;
      const [first, ...more] = d.message.split("\n");
      write(
        style.red(`${where}: ${d.code ? `${d.code} ` : ""}${first}`) + "\n" +
          more.map((l) => `  ${l}\n`).join(""),
      );
    }
  }
  return failed ? 1 : 0;
}

async function exportTo(to: string | undefined, paths: string[], out?: string): Promise<number> {
  if (!EXPORT_FORMATS.includes(to as ExportFormat)) {
    throw new UsageError(`--to must be ${EXPORT_FORMATS.join(", ")} (not "${to ?? ""}")`);
  }
  const format = to as ExportFormat;
  const all = paths.length === 0 || (paths.length === 1 && paths[0] === "all");
  const notebooks = [];
  for (const path of all ? await curriculumPaths() : paths) {
    notebooks.push(await loadNotebook(path));
  }
  const written = await exportNotebooks(notebooks, {
    to: format,
    outDir: out ?? `dist/${format}`,
    onNote: (note) => write(style.yellow(`note: ${note}\n`)),
  });
  for (const path of written) write(`${style.green("wrote")} ${relative(Deno.cwd(), path)}\n`);
  return 0;
}

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      mode: { type: "string", default: "auto" },
      quiet: { type: "boolean", default: false },
      timeout: { type: "string" },
      to: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    write(USAGE + "\n");
    return 0;
  }
  let timeout: number | undefined;
  try {
    timeout = values.timeout === undefined ? undefined : parseDuration(values.timeout);
  } catch (e) {
    throw new UsageError(`--timeout ${(e as Error).message}`);
  }
  switch (command) {
    case "run": {
      const mode = values.mode as "auto" | Mode;
      if (!["auto", "live", "record", "replay"].includes(mode)) {
        throw new UsageError(`--mode must be auto, live, record or replay (not "${mode}")`);
      }
      if (positionals.length > 1) throw new UsageError("run one notebook at a time");
      return positionals.length
        ? await run(positionals[0], mode, values.quiet, timeout)
        : await list(style);
    }
    case "record":
      return await record(positionals);
    case "check":
      return await check(positionals);
    case "doctor":
      return await doctor({ style, write }) ? 0 : 1;
    case "export":
      return await exportTo(values.to, positionals, values.out);
    default:
      throw new UsageError(`unknown command "${command ?? ""}"`);
  }
}

try {
  Deno.exit(await main(Deno.args));
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  write(style.red(`netbook: ${message}\n`));
  if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
    write(USAGE + "\n");
    Deno.exit(2);
  }
  Deno.exit(1);
}
