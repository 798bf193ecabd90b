/**
 * The netbook command line. The only place that exits the process. Each command's code loads
 * only when that command runs.
 */
import { parseArgs } from "node:util";
import { processTerminal, UsageError } from "./terminal.ts";
import { nearest } from "./suggest.ts";
import { knownLang, type Lang, MESSAGE_LANGS, messagesFor, preferLang } from "../i18n/messages.ts";
import { watchParent } from "./parent_watch.ts";
import { visible } from "../render/visible.ts";

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
  stamp: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

const COMMANDS = [
  "run",
  "record",
  "doctor",
  "check",
  "export",
  "lab",
  "exercises",
  "translations",
];
const MODES = ["auto", "live", "record", "replay"];

/** Parses the options; an unknown one is a usage error that suggests the nearest known one. */
function parse(args: string[]) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (e) {
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec((e as Error).message)?.[1];
    if (!unknown) throw new UsageError((e as Error).message.split(". ")[0]);
    const near = nearest(unknown.replace(/^-+/, ""), Object.keys(OPTIONS));
    const m = messagesFor();
    throw new UsageError(m.noOption(unknown) + (near ? m.didYouMean(`--${near}`) : ""));
  }
}

async function main(args: string[]): Promise<number> {
  const t = processTerminal();
  const [command, ...rest] = args;
  const { values, positionals } = parse(rest);
  const lang: Lang | undefined = values.lang === undefined ? undefined : knownLang(values.lang);
  if (values.lang !== undefined && !lang) {
    throw new UsageError(messagesFor().langMust(values.lang, MESSAGE_LANGS.join(", ")));
  }
  preferLang(lang);
  const m = messagesFor();
  if (values.help) {
    t.write(m.usage + "\n");
    return 0;
  }
  if (command === undefined || !COMMANDS.includes(command)) {
    const near = nearest(command ?? "", COMMANDS);
    throw new UsageError(m.noCommand(command ?? "") + (near ? m.didYouMean(near) : ""));
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
        throw new UsageError(m.modeMust(values.mode) + (near ? m.didYouMean(near) : ""));
      }
      if (values["reset-progress"]) {
        return await (await import("./progress_command.ts")).resetProgress(t);
      }
      if (values.resume) {
        return await (await import("./lab_command.ts")).labCommand(t, [], {
          resume: true,
          backend,
          timeout,
          lang,
        });
      }
      const run = await import("./run_command.ts");
      if (!positionals.length) return await run.listCurriculum(t, lang);
      if (values.step) {
        return await (await import("./step_command.ts")).stepCommand(t, positionals, {
          mode: values.mode as "auto",
          timeout,
          backend,
          lang,
        });
      }
      return await run.runCommand(t, positionals, {
        mode: values.mode as "auto",
        quiet: values.quiet,
        timeout,
        backend,
        lang,
      });
    }
    case "lab":
      return await (await import("./lab_command.ts")).labCommand(t, positionals, {
        at: values.at,
        exercise: values.exercise,
        resume: values.resume,
        backend,
        timeout,
        lang,
      });
    case "exercises":
      return await (await import("./progress_command.ts")).listExercises(t, positionals, lang);
    case "record":
      return await (await import("./record_command.ts")).recordCommand(t, positionals, backend);
    case "check":
      return await (await import("./check_command.ts")).checkCommand(t, positionals);
    case "translations":
      return await (await import("./translations_command.ts")).translationsCommand(t, positionals, {
        stamp: values.stamp,
      });
    case "doctor": {
      const { doctor } = await import("./doctor.ts");
      const backends = backend ? [backend] : undefined;
      return await doctor({ style: t.style, write: t.write, backends }) ? 0 : 1;
    }
    default:
      return await (await import("./export_command.ts")).exportCommand(t, positionals, {
        ...values,
        lang,
      });
  }
}

try {
  watchParent();
  Deno.exit(await main(Deno.args));
} catch (e) {
  const t = processTerminal();
  const message = visible(e instanceof Error ? e.message : String(e));
  const m = messagesFor();
  t.write(t.style.red(`${m.errorPrefix}: ${message}\n`));
  if (e instanceof UsageError) {
    t.write(m.usage + "\n");
    Deno.exit(2);
  }
  Deno.exit(1);
}
