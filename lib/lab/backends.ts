import type { LabBackend } from "./backend.ts";
import { netnsBackend } from "./netns_backend.ts";
import { vmBackend } from "./vm_backend.ts";

/**
 * Every kind of lab netbook can run, by name; the first is the default. Internal and mutable
 * (tests register fakes); the public API gives labBackends() instead.
 */
export const BACKENDS: Record<string, LabBackend> = {
  netns: netnsBackend,
  vm: vmBackend,
};

/** The backend of that name; a clear error naming the known ones otherwise. */
export function backendNamed(name: string): LabBackend {
  const backend = BACKENDS[name];
  if (!backend) {
    throw new TypeError(
      `there is no lab backend "${name}" (known: ${Object.keys(BACKENDS).join(", ")})`,
    );
  }
  return backend;
}

/** Every kind of lab netbook can run, the default first: a frozen copy, for reading only. */
export function labBackends(): readonly LabBackend[] {
  return Object.freeze(Object.values(BACKENDS));
}
