import { basename, isAbsolute, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Notebook } from "../notebook/model.ts";
import { moduleHeader } from "../notebook/module_header.ts";
import { toModule } from "../notebook/to_module.ts";
import { parseCheckOutput } from "./parse_check_output.ts";
import { runProgram } from "../io/run_program.ts";

const ROOT = new URL("../../", import.meta.url);
/** Where an import from outside the repository is sent by the check's import map: nowhere. */
const OUTSIDE = "file:///netbook-refuses-files-outside-the-repository/";

/**
 * The import map a check runs with: the repository's own imports, and every file: URL outside
 * the repository and the check's own folder sent to a folder that does not exist, so that a
 * notebook's module graph reads nothing else of this machine.
 */
async function importMap(dir: string): Promise<string> {
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
  const inside = (path: string) => pathToFileURL(path.endsWith("/") ? path : `${path}/`).href;
  const map = {
    imports: {
      ...config.imports,
      "file:///": OUTSIDE,
      [ROOT.href]: ROOT.href,
      [inside(dir)]: inside(dir),
    },
  };
  const path = join(dir, "import_map.json");
  await Deno.writeTextFile(path, JSON.stringify(map));
  return path;
}

/**
 * The configuration a check runs with: the repository's, with the same lock, but indexing as
 * TypeScript's default has it. A cell reads the rows a command printed (`links[0].name`) as a
 * notebook does, and stops at a clear error when one is missing; netbook's own code is checked
 * with noUncheckedIndexedAccess by `deno task lint`.
 */
async function checkConfig(dir: string): Promise<string> {
  const { imports, compilerOptions } = JSON.parse(
    await Deno.readTextFile(new URL("deno.json", ROOT)),
  );
  const config = {
    imports,
    compilerOptions: { ...compilerOptions, noUncheckedIndexedAccess: false },
    lock: { path: fileURLToPath(new URL("deno.lock", ROOT)), frozen: true },
  };
  const path = join(dir, "deno.json");
  await Deno.writeTextFile(path, JSON.stringify(config));
  return path;
}

/** A diagnostic's message with netbook's refusals said plainly. */
function plainly(message: string): string {
  const outside = message.indexOf(OUTSIDE);
  if (outside >= 0) {
    const file = "/" + message.slice(outside + OUTSIDE.length).split(/['"\s]/)[0];
    return `${file} is outside the repository: a notebook may import only the repository's ` +
      "files and the packages netbook's deno.lock holds; nothing else is read";
  }
  if (
    /--no-remote|remote specifier|import access|not found in cache|--cached-only|lockfile is out of date|npm package/
      .test(message)
  ) {
    return `${message}\n(a notebook may import only what netbook's deno.lock holds, already ` +
      "cached: a check, like a run, fetches nothing)";
  }
  return message;
}

export interface Diagnostic {
  /** The notebook's path for the notebook's own lines; otherwise the file the error is in. */
  file: string;
  /** 1-based; 0 when `deno check` named no place (then `file` is the notebook). */
  line: number;
  column: number;
  /** "TS2322"; absent for syntax and module errors. */
  code?: string;
  message: string;
  /** The cell whose lines (fences included) hold the diagnostic. */
  cell?: string;
}

export interface CheckResult {
  notebook: Notebook;
  ok: boolean;
  diagnostics: Diagnostic[];
}

export interface CheckOptions {
  /** The deno to run; by default the one running this. */
  deno?: string;
}

/**
 * Type-checks a notebook's cells together, as they run: the module toModule() makes (one shared
 * scope, the same imports on line 1) goes through `deno check` with the repository's imports and lock (checkConfig).
 * That module keeps the Markdown's line numbers, so each error is reported at the notebook's own
 * file:line; one on line 1 is in the imports netbook adds, and says so.
 */
export async function checkNotebook(
  notebook: Notebook,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const [result] = await checkNotebooks([notebook], options);
  if (!result) throw new Error(`checking ${notebook.path} gave no result`);
  return result;
}

/**
 * checkNotebook for several notebooks at once, in one `deno check` (one TypeScript program, so
 * much faster than one each); each notebook stays its own module with its own scope. An error
 * in a shared file (the library) is reported with every notebook that imports it.
 */
export async function checkNotebooks(
  notebooks: Notebook[],
  options: CheckOptions = {},
): Promise<CheckResult[]> {
  if (notebooks.length === 0) return [];
  const dir = await Deno.makeTempDir({ prefix: "netbook-check-" });
  try {
    const modules = await Promise.all(notebooks.map(async (notebook, i) => {
      // A folder each, so that two notebooks of the same name keep their own module.
      const path = join(dir, String(i), `${basename(notebook.path)}.ts`);
      await Deno.mkdir(join(dir, String(i)));
      await Deno.writeTextFile(path, toModule(notebook, moduleHeader()));
      return { notebook, path, url: pathToFileURL(path).href };
    }));
    const out = await runProgram(options.deno ?? Deno.execPath(), {
      args: [
        "check",
        "--quiet",
        `--config=${await checkConfig(dir)}`,
        // As a run: only what is locked and cached, nothing fetched, the lock never rewritten,
        // and no file outside the repository read (importMap).
        `--import-map=${await importMap(dir)}`,
        "--frozen",
        "--cached-only",
        "--no-remote",
        ...modules.map((m) => m.path),
      ],
      // No update check: it would ask the network (DNS) for Deno's latest version.
      env: { NO_COLOR: "1", RUST_BACKTRACE: "0", DENO_NO_UPDATE_CHECK: "1" },
      inheritEnv: true,
      // Its diagnostics are read below, whatever its exit code.
      noThrow: true,
    });
    const text = new TextDecoder().decode(out.stdout) + "\n" + out.stderr;
    const raws = parseCheckOutput(text).map((r) => ({ ...r, message: plainly(r.message) }));
    // A syntax or module-graph error stops `deno check` before it checks anything: then every
    // notebook is checked on its own, so that the others are really checked.
    const stopped = !out.success && (raws.length === 0 || raws.some((r) => !r.code));
    if (stopped && notebooks.length > 1) {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      const each = await Promise.all(notebooks.map((nb) => checkNotebooks([nb], options)));
      return each.flat();
    }
    return modules.map(({ notebook, path, url }) => {
      const diagnostics = raws.flatMap((raw): Diagnostic[] => {
        const message = raw.message.replaceAll(url, notebook.path).replaceAll(path, notebook.path);
        // Another notebook's error, or one with no place that names another notebook's module.
        const other = modules.some((m) =>
          m.url !== url && (m.url === raw.at?.url || (
            !raw.at && (raw.message.includes(m.url) || raw.message.includes(m.path))
          ))
        );
        if (other) return [];
        if (!raw.at) return [{ file: notebook.path, line: 0, column: 0, code: raw.code, message }];
        const { line, column } = raw.at;
        if (raw.at.url !== url) {
          return [{ file: displayPath(raw.at.url), line, column, code: raw.code, message }];
        }
        return [inNotebook(notebook, { line, column, code: raw.code, message })];
      });
      if (!out.success && raws.length === 0) {
        const message = text.trim() || `deno check failed (exit code ${out.code})`;
        diagnostics.push({ file: notebook.path, line: 0, column: 0, message });
      }
      return { notebook, ok: diagnostics.length === 0, diagnostics };
    });
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** A diagnostic on the generated module's line N, which is the notebook's line N. */
function inNotebook(notebook: Notebook, d: Omit<Diagnostic, "file">): Diagnostic {
  const where: Diagnostic = { file: notebook.path, ...d };
  const cell = notebook.cells.find((c) => c.line <= d.line && d.line <= c.endLine);
  if (cell) where.cell = cell.id;
  if (d.line === 1) {
    where.column = 1;
    where.message += "\n(in the imports netbook adds on line 1: $, lab, show and the cell hooks)";
  } else if (cell && (d.line === cell.line || d.line === cell.endLine)) {
    where.message += `\n(at the fence of cell ${cell.id}: check that its code is complete)`;
  } else if (!cell) {
    where.message += "\n(outside any cell: check that the cell before it is complete)";
  }
  return where;
}

/** A file URL as a path relative to the current directory when inside it; others unchanged. */
function displayPath(url: string): string {
  if (!url.startsWith("file:")) return url;
  const path = fileURLToPath(url);
  const rel = relative(Deno.cwd(), path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
