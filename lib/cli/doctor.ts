import {
  CAPABILITIES,
  type Capability,
  type CapabilityGroup,
  REGISTRY,
} from "../capability/registry.ts";
import type { LabBackend, RemoteSurvey } from "../lab/backend.ts";
import { CapabilityMissingError } from "../lab/errors.ts";
import { labBackends } from "../lab/backends.ts";
import { probeLab } from "../lab/probe_lab.ts";
import type { Style } from "../render/style.ts";
import { padText } from "../render/text_width.ts";
import { messagesFor } from "../i18n/messages.ts";
import { runProgram, SYSTEM_PATH } from "../io/run_program.ts";

/** Where programs are looked for, whoever runs netbook. */
const PATH = SYSTEM_PATH.split(":");

/** What the exports need, beyond the lab. */
const EXPORT_TOOLS = [
  { name: "chromium", package: "chromium", why: "SVG diagrams and the HTML site", has: found },
  {
    name: "nbconvert",
    package: "python3-nbconvert",
    why: "running exported .ipynb notebooks headless (python3 -m nbconvert)",
    has: () => pythonHas("nbconvert"),
  },
];

/** Whether Debian's python3 imports that module (python3-nbconvert has no `jupyter` command). */
async function pythonHas(module: string): Promise<boolean> {
  try {
    const { code } = await runProgram("/usr/bin/python3", {
      args: ["-c", `import ${module}`],
      inheritEnv: true,
      noThrow: true,
    });
    return code === 0;
  } catch {
    return false;
  }
}

async function found(program: string): Promise<boolean> {
  const candidates = program.startsWith("/") ? [program] : PATH.map((d) => `${d}/${program}`);
  for (const c of candidates) {
    if (await Deno.stat(c).then((s) => s.isFile, () => false)) return true;
  }
  return false;
}

export interface DoctorOptions {
  style: Style;
  write: (text: string) => void;
  /** The backends to check; by default every registered one. */
  backends?: readonly LabBackend[];
}

/**
 * Checks what live runs and exports need, grouped by what each thing enables, and prints the
 * exact `apt-get install` line for what is missing. True when the default lab can run here.
 */
export async function doctor(o: DoctorOptions): Promise<boolean> {
  const { style: s } = o;
  const m = messagesFor();
  const line = (t = "") => o.write(t + "\n");
  const mark = (good: boolean) => good ? s.green("✓") : s.yellow("·");
  const missing = new Set<string>();
  /** What another machine, where the lab runs, lacks; and its name. */
  const there = { missing: new Set<string>(), where: "" };
  line(`${s.green("✓")} deno ${Deno.version.deno}`);

  const backends = o.backends ?? labBackends();
  let ready = false;
  let available: Set<Capability> = new Set();
  for (const [i, backend] of backends.entries()) {
    line("");
    line(s.bold(m.doctorLab(backend.kind, backend.description)));
    let tools = true;
    let survey: RemoteSurvey | undefined;
    let unreachable: string | undefined;
    try {
      survey = await backend.survey?.();
    } catch (e) {
      if (!(e instanceof CapabilityMissingError)) throw e;
      unreachable = e.message;
    }
    if (survey) {
      line(
        `  ${s.green("✓")} ${"reached".padEnd(18)} ${s.dim(`${survey.where}: ${survey.about}`)}`,
      );
      there.where = survey.where;
    }
    for (const need of unreachable ? [] : backend.needs) {
      const has = survey ? !survey.missing.includes(need.program) : await found(need.program);
      if (!has) {
        tools = false;
        (survey ? there.missing : missing).add(need.package);
      }
      line(`  ${has ? s.green("✓") : s.red("✗")} ${need.program.padEnd(18)} ${s.dim(need.why)}`);
    }
    for (const note of survey?.notes ?? []) line(`  ${s.yellow("!")} ${note}`);
    if (unreachable) tools = false;
    const probe = tools
      ? await probeLab(backend, CAPABILITIES, { onProgress: (note) => line(s.dim(`  ${note}`)) })
      : undefined;
    if (probe && "info" in probe) {
      line(`  ${s.green("✓")} ${padText(m.doctorStarts, 18)} ${s.dim(JSON.stringify(probe.info))}`);
      // What this lab would bring but cannot here: the micro-VM runs this machine's own tools.
      for (const c of CAPABILITIES) {
        if (i === 0 || !backend.supplies(c) || probe.capabilities.has(c)) continue;
        const spec = REGISTRY[c];
        if (spec.package) (survey ? there.missing : missing).add(spec.package);
        line(
          `  ${s.yellow("·")} ${c.padEnd(18)} ${s.dim(m.doctorNotInLab(spec.package ?? c))}`,
        );
      }
      if (i === 0) {
        ready = true;
        available = probe.capabilities;
      }
    } else {
      line(
        `  ${s.red("✗")} ${padText(m.doctorStarts, 18)} ${
          s.dim(probe?.reason ?? unreachable ?? m.doctorToolsMissing)
        }`,
      );
    }
  }

  line("");
  line(s.bold(m.doctorCapabilities));
  const groups = new Map<CapabilityGroup, Capability[]>();
  for (const c of CAPABILITIES) {
    groups.set(REGISTRY[c].group, [...groups.get(REGISTRY[c].group) ?? [], c]);
  }
  for (const [group, caps] of groups) {
    const parts = caps.map((c) => {
      const spec = REGISTRY[c];
      const has = available.has(c);
      // (What another machine lacks beyond the sandbox is known once a lab starts there.)
      if (!has && spec.package && !spec.module && (ready || !there.where)) {
        (there.where ? there.missing : missing).add(spec.package);
      }
      const where = has ? "" : spec.module
        ? ` ${
          s.dim(`(${
            m.doctorKernel(
              spec.module,
              backends.slice(1).find((b) => b.supplies(c))?.kind,
            )
          })`)
        }`
        : "";
      return `${mark(has)} ${c}${where}`;
    });
    line(`  ${group}: ${parts.join("  ")}`);
  }
  line(s.dim(m.doctorNotHere));

  line("");
  line(s.bold(m.doctorExports));
  for (const tool of EXPORT_TOOLS) {
    const has = await tool.has(tool.name);
    if (!has) missing.add(tool.package);
    line(`  ${mark(has)} ${tool.name.padEnd(18)} ${s.dim(tool.why)}`);
  }

  line("");
  if (there.missing.size) {
    line(
      `To install what is missing on ${there.where} (Debian, Ubuntu), there:\n` +
        `  sudo apt-get install -y ${[...there.missing].sort().join(" ")}`,
    );
  }
  if (missing.size) {
    line(`${m.doctorInstall}\n  apt-get install -y ${[...missing].sort().join(" ")}`);
  }
  line(
    ready ? s.green(m.doctorLiveWorks(there.where)) : s.yellow(m.doctorLiveCannot(there.where)),
  );
  return ready;
}
