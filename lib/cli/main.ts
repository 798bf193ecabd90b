/**
 * The netbook command line. The only place that exits the process. Each command's code loads
 * only when that command runs.
 */
import { parseArgs } from "node:util";
import { processTerminal, UsageError } from "./terminal.ts";
import { nearest } from "./suggest.ts";
import { watchParent } from "./parent_watch.ts";

const USAGE = `usage:
  deno task notebook                 list the curriculum
  deno task notebook NOTEBOOK        run a notebook: a path, or a name such as 01 or bridge
  deno task notebook all             run every notebook (replayed ones share one process)
      --mode auto|live|record|replay   auto (default): live if this machine can, else replay
      --backend auto|netns|vm          the lab: auto (default) is netns, or the micro-VM when
                                       the notebook needs what this machine's kernel lacks;
        or ssh://USER@HOST[:PORT]      the netns lab on another Linux machine, over SSH
      --quiet                          print only the cells' outputs
      --timeout 60s                    default time limit per cell
      --step                           one cell at a time, on a key (? lists the keys)
      --resume                         go back to the first exercise not solved yet
      --reset-progress                 forget which notebooks and exercises are done
  deno task lab NOTEBOOK             run a notebook live, then open a shell inside its lab
      --at CELL                        stand after that cell (default: after the last)
      --exercise NAME                  stand at an exercise: check, hint, solution there
  deno task exercises [NOTEBOOK]     list the exercises: NOTEBOOK NAME  title
  deno task record [NOTEBOOK ...]    re-record notebooks (all when none is named); --backend too
  deno task doctor                   check what live runs and exports need; --backend too
  deno task check [NOTEBOOK ...]     type-check each notebook's cells together (all when none)
  deno task export --to ipynb|html|md [NOTEBOOK ...|all]
                                     export recorded runs (all when none) to dist/FORMAT/
      --out DIR                        write there instead`;

const OPTIONS = {
  mode: { type: "string", default: "auto" },
  backend: { type: "string", default: "auto" },
  quiet: { type: "boolean", default: false },
  timeout: { type: "string" },
  step: { type: "boolean", default: false },
  resume: { type: "boolean", default: false },
  "reset-progress": { type: "boolean", default: false },
  at: { type: "string" },
  exercise: { type: "string" },
  to: { type: "string" },
  out: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

const COMMANDS = ["run", "record", "doctor", "check", "export", "lab", "exercises"];
const MODES = ["auto", "live", "record", "replay"];

/** Parses the options; an unknown one is a usage error that suggests the nearest known one. */
function parse(args: string[]) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (e) {
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec((e as Error).message)?.[1];
    if (!unknown) throw new UsageError((e as Error).message.split(". ")[0]);
    const near = nearest(unknown.replace(/^-+/, ""), Object.keys(OPTIONS));
    throw new UsageError(
      `there is no option ${unknown}${near ? `; did you mean --${near}?` : ""}`,
    );
  }
}

async function main(args: string[]): Promise<number> {
  const t = processTerminal();
  const [command, ...rest] = args;
  const { values, positionals } = parse(rest);
  if (values.help) {
    t.write(USAGE + "\n");
    return 0;
  }
  if (!COMMANDS.includes(command)) {
    const near = nearest(command ?? "", COMMANDS);
    throw new UsageError(
      `there is no command "${command ?? ""}"${near ? `; did you mean ${near}?` : ""}`,
    );
  }
  let timeout: number | undefined;
  if (values.timeout !== undefined) {
    const { parseDuration } = await import("../notebook/cell_options.ts");
    try {
      timeout = parseDuration(values.timeout);
    } catch (e) {
      throw new UsageError(`--timeout ${(e as Error).message}`);
    }
  }
  let backend;
  if (values.backend !== "auto") {
    const { backendNamed } = await import("../lab/backends.ts");
    try {
      backend = backendNamed(values.backend);
    } catch (e) {
      throw new UsageError(`--backend: ${(e as Error).message}, or auto`);
    }
  }
  switch (command) {
    case "run": {
      if (!MODES.includes(values.mode)) {
        const near = nearest(values.mode, MODES);
        throw new UsageError(
          `--mode must be auto, live, record or replay, not "${values.mode}"${
            near ? `; did you mean ${near}?` : ""
          }`,
        );
      }
      if (values["reset-progress"]) {
        return await (await import("./progress_command.ts")).resetProgress(t);
      }
      if (values.resume) {
        return await (await import("./lab_command.ts")).labCommand(t, [], {
          resume: true,
          backend,
          timeout,
        });
      }
      const run = await import("./run_command.ts");
      if (!positionals.length) return await run.listCurriculum(t);
      if (values.step) {
        return await (await import("./step_command.ts")).stepCommand(t, positionals, {
          mode: values.mode as "auto",
          timeout,
          backend,
        });
      }
      return await run.runCommand(t, positionals, {
        mode: values.mode as "auto",
        quiet: values.quiet,
        timeout,
        backend,
      });
    }
    case "lab":
      return await (await import("./lab_command.ts")).labCommand(t, positionals, {
        at: values.at,
        exercise: values.exercise,
        resume: values.resume,
        backend,
        timeout,
      });
    case "exercises":
      return await (await import("./progress_command.ts")).listExercises(t, positionals);
    case "record":
      return await (await import("./record_command.ts")).recordCommand(t, positionals, backend);
    case "check":
      return await (await import("./check_command.ts")).checkCommand(t, positionals);
    case "doctor": {
      const { doctor } = await import("./doctor.ts");
      const backends = backend ? [backend] : undefined;
      return await doctor({ style: t.style, write: t.write, backends }) ? 0 : 1;
    }
    default:
      return await (await import("./export_command.ts")).exportCommand(t, positionals, values);
  }
}

try {
  watchParent();
  Deno.exit(await main(Deno.args));
} catch (e) {
  const t = processTerminal();
  const message = e instanceof Error ? e.message : String(e);
  t.write(t.style.red(`netbook: ${message}\n`));
  if (e instanceof UsageError) {
    t.write(USAGE + "\n");
    Deno.exit(2);
  }
  Deno.exit(1);
}
