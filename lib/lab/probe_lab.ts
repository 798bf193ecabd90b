import type { Capability } from "../notebook/front_matter.ts";
import { probeCapabilities } from "./capabilities.ts";
import { probeSandbox, Sandbox, type SandboxKind } from "./sandbox.ts";

export type LabProbe =
  | { kind: SandboxKind; capabilities: Set<Capability> }
  | { reason: string };

/** Can a lab run here, and which of the wanted capabilities would it have? */
export async function probeLab(wanted: Iterable<Capability>): Promise<LabProbe> {
  const support = await probeSandbox();
  if ("reason" in support) return support;
  const list = [...new Set(wanted)];
  if (!list.length) return { kind: support.kind, capabilities: new Set() };
  await using sandbox = await Sandbox.start();
  return { kind: support.kind, capabilities: await probeCapabilities(list, (c) => sandbox.run(c)) };
}
