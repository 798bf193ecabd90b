/**
 * netbook for lab backend writers: the seam a new kind of lab plugs into (a LabBackend starts a
 * Lab, which runs commands isolated from the host), the capabilities a backend declares it
 * supports, and the backends netbook has.
 *
 * @module
 */
export type {
  BackendInfo,
  BackendSupport,
  ExecResult,
  Lab,
  LabBackend,
  LabExecOptions,
  LabStartOptions,
  LabStream,
  RemoteSurvey,
} from "./lib/lab/backend.ts";
export type { LabProbe } from "./lib/lab/probe_lab.ts";
export { backendNamed, labBackends } from "./lib/lab/backends.ts";
export { CAPABILITIES, REGISTRY } from "./lib/capability/registry.ts";
export type { Capability, CapabilityGroup, CapabilitySpec } from "./lib/capability/registry.ts";
export { CapabilityMissingError, LabError } from "./lib/lab/errors.ts";
