/** The lab cannot do what the notebook needs (no sandbox, a missing kernel feature or tool). */
export class CapabilityMissingError extends Error {
  /** "CapabilityMissingError", as `error.name`. */
  override name = "CapabilityMissingError";
}
