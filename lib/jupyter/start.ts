/**
 * netbook inside Jupyter's Deno kernel: the exported .ipynb's first cell calls `start()`, and each
 * code cell is framed by `await nb.cell("id")` and `await nb.end("id")`. Cells run in the kernel
 * itself, which holds the runner (a live lab or the recording) and shows outputs with
 * Deno.jupyter.display.
 */
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Capability } from "../capability/registry.ts";
import { parseNotebook } from "../notebook/parse.ts";
import type { LabProbe } from "../lab/probe_lab.ts";
import { backendNamed, labBackends } from "../lab/backends.ts";
import type { MimeBundle } from "../render/mime.ts";
import { openRunner } from "../execute/open_runner.ts";
import { labOffers } from "../plan/lab_offers.ts";
import { fixtureFor } from "../fixture/paths.ts";
import { modeBundle } from "../export/output_bundle.ts";
import { closePreviousLab, endWithLauncher, holdLab } from "./kernel_lab.ts";
import { kernelOutput } from "./kernel_output.ts";
import { withDiagramSvgs } from "./kernel_diagrams.ts";
import { NotebookSession } from "./notebook_session.ts";
import { callbackOutput, type SessionOutput } from "./session_output.ts";

export { NotebookSession };
export type { SessionOutput };

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** How `start()` opens a notebook in a Jupyter kernel. */
export interface StartOptions {
  /** The notebook, as `deno task notebook` names it: relative to the repository, or absolute. */
  notebook: string;
  /** Default: $NETBOOK_MODE, else "auto" (live where this machine can run the lab, else replay). */
  mode?: "auto" | "live" | "replay";
  /**
   * Shows one output, resolving once it is shown. Default: Deno.jupyter.display, each output
   * confirmed published by the kernel before it counts as shown (only the Deno kernel has it).
   * With a display of its own, the session is not a kernel's: it never ends its process.
   */
  display?: (bundle: MimeBundle) => void | Promise<void>;
  /** Replaces the probe of this machine (tests). */
  probe?: (wanted: Capability[]) => Promise<LabProbe>;
  /**
   * The kind of lab: "auto" (netns, or the micro-VM for what this kernel lacks), "netns", "vm",
   * or "ssh://USER@HOST[:PORT]" (the netns lab on another machine, over SSH).
   */
  backend?: string;
}

/** What a learner who changed a replayed cell is told (the recording cannot answer it). */
export const LEARNER_ADVICE = "This notebook replays a recording, which answers only the " +
  "commands it recorded: a command you add or change runs only in a live lab. For one, start " +
  "Jupyter with NETBOOK_MODE=live on a Linux machine that can run the lab (`deno task doctor` " +
  "says what it needs), then run the first cell again; or run the command in " +
  "`deno task notebook` with `--mode live`.";

function modeFrom(value: string | undefined): "auto" | "live" | "replay" {
  if (value === undefined || value === "") return "auto";
  if (value === "auto" || value === "live" || value === "replay") return value;
  throw new TypeError(`NETBOOK_MODE must be auto, live or replay (not "${value}")`);
}

/**
 * Opens the lab for a notebook inside a Jupyter kernel and returns the session its cells use.
 * Live where this machine can run the lab, else the recording (say which with `mode` or
 * $NETBOOK_MODE). First closes the lab this kernel opened before, if any. In a kernel, the lab
 * and the kernel end when the program that launched the kernel is gone (kill -9 of Jupyter).
 * Shows the mode chosen and why, and that the kernel is no sandbox.
 */
export async function start(options: StartOptions): Promise<NotebookSession> {
  const inKernel = options.display === undefined;
  const output = inKernel
    ? withDiagramSvgs(await kernelOutput())
    : callbackOutput(options.display!);
  let session: NotebookSession | undefined;
  try {
    const notes = [...output.notes];
    const closed = await closePreviousLab();
    if (closed) notes.push(`note: ${closed}.`);
    const path = isAbsolute(options.notebook) ? options.notebook : join(ROOT, options.notebook);
    const notebook = parseNotebook(await Deno.readTextFile(path), options.notebook);
    const mode = options.mode ?? modeFrom(Deno.env.get("NETBOOK_MODE"));
    const backends = labBackends();
    const opened = await openRunner(notebook, {
      mode,
      probe: options.probe,
      fixture: fixtureFor({ path, meta: notebook.meta }),
      backend: options.backend && options.backend !== "auto"
        ? backendNamed(options.backend)
        : undefined,
      backends,
    });
    if (!opened.live && opened.replay) opened.replay.advice = () => LEARNER_ADVICE;
    const runner = opened.live ?? opened.replay!;
    session = new NotebookSession(notebook, runner, opened.reason, output, labOffers(backends));
    holdLab(session);
    if (inKernel) endWithLauncher();
    await output.show(
      modeBundle(notebook.meta.title, opened.mode, opened.reason, notes, notebook.meta.lang),
    );
    return session;
  } catch (e) {
    if (session) await session.stop().catch(() => {});
    else await output.close();
    throw e;
  }
}
