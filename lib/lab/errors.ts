/** The lab cannot do what the notebook needs (no sandbox, a missing kernel feature or tool). */
export class CapabilityMissingError extends Error {
  /** "CapabilityMissingError", as `error.name`. */
  override name = "CapabilityMissingError";
}

/**
 * The lab failed under a notebook: it ended (its sandbox or VM died, it was closed), or it could
 * not run a command. Whatever a lab's `exec` rejects with reaches the cell as a LabError (the
 * rejection is its cause), and the cell's failure is of kind "lab".
 */
export class LabError extends Error {
  /** "LabError", as `error.name`. */
  override name = "LabError";
}
