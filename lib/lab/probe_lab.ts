import type { Capability } from "../capability/registry.ts";
import type { BackendInfo, Lab, LabBackend } from "./backend.ts";
import { CapabilityMissingError } from "./errors.ts";

/** A lab that started, and which of the wanted capabilities it has; or why none could start. */
export type LabProbe =
  | { info: BackendInfo; capabilities: Set<Capability>; lab?: Lab }
  | { reason: string };

/**
 * Starts a lab of `backend` and probes it for the wanted capabilities, in one command. With
 * `keep`, the lab stays open for the run (the caller closes it); otherwise it is closed.
 * `onProgress` hears of slow one-time work (building the micro-VM's image).
 */
export async function probeLab(
  backend: LabBackend,
  wanted: Iterable<Capability>,
  options: { keep?: boolean; onProgress?: (message: string) => void } = {},
): Promise<LabProbe> {
  let lab: Lab;
  try {
    lab = await backend.start({ onProgress: options.onProgress });
  } catch (e) {
    if (e instanceof CapabilityMissingError) return { reason: e.message };
    if (e instanceof Deno.errors.NotCapable) {
      return { reason: "this process may not start programs" };
    }
    throw e;
  }
  try {
    const capabilities = await lab.probe(wanted);
    if (options.keep) return { info: lab.info, capabilities, lab };
    await lab.close();
    return { info: lab.info, capabilities };
  } catch (e) {
    await lab.close();
    throw e;
  }
}
