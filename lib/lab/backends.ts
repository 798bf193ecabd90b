import type { LabBackend } from "./backend.ts";
import { netnsBackend } from "./netns_backend.ts";
import { sshBackend } from "./ssh_backend.ts";
import { vmBackend } from "./vm_backend.ts";

/**
 * Every kind of lab netbook can run, by name; the first is the default. Read through
 * labBackends() and backendNamed(); a run is given the backends it may use (the CLI passes
 * these, a test its fakes), so nothing registers here but this list.
 */
const BACKENDS: Readonly<Record<string, LabBackend>> = Object.freeze({
  netns: netnsBackend,
  vm: vmBackend,
});

/** Kinds of lab that run somewhere else, named by an address: `ssh://USER@HOST[:PORT]`. */
export const REMOTE_BACKENDS: Record<string, { form: string; at(address: string): LabBackend }> = {
  ssh: { form: "ssh://USER@HOST[:PORT]", at: sshBackend },
};

/** The backend of that name (or address); a clear error naming the known ones otherwise. */
export function backendNamed(name: string): LabBackend {
  const scheme = /^([a-z]+):\/\//.exec(name)?.[1];
  if (scheme && REMOTE_BACKENDS[scheme]) return REMOTE_BACKENDS[scheme].at(name);
  const backend = Object.hasOwn(BACKENDS, name) ? BACKENDS[name] : undefined;
  if (!backend) {
    const known = [...Object.keys(BACKENDS), ...Object.values(REMOTE_BACKENDS).map((r) => r.form)];
    throw new TypeError(`there is no lab backend "${name}" (known: ${known.join(", ")})`);
  }
  return backend;
}

/**
 * Every kind of lab netbook can run, the default first: a frozen list, for reading only, and
 * what the CLI gives a run to choose from (RunOptions.backends).
 */
export function labBackends(): readonly LabBackend[] {
  return Object.freeze(Object.values(BACKENDS));
}
