import type { Capability } from "../notebook/front_matter.ts";
import type { Mode } from "./runner.ts";
import { session } from "./session.ts";
import { trace } from "./trace.ts";

/** The lab the cells work in. Inspectors that return models hang off this object. */
export const lab = {
  /** live, record or replay. */
  get mode(): Mode {
    return session().runner.mode;
  },
  /** Whether the lab has a kernel feature or tool (as recorded, on replay). */
  has(capability: Capability): boolean {
    return session().runner.capabilities.has(capability);
  },
  /** Traces the packets `fn` sends through namespace `ns` (undefined: the lab host). */
  trace,
};
