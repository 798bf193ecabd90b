import type { MimeBundle } from "../render/mime.ts";

/** Where a notebook session's outputs go, and how it knows that they arrived. */
export interface SessionOutput {
  /**
   * Shows one output, sending it before returning (so that outputs keep the order in which they
   * were shown); resolves once the front end has it.
   */
  show(bundle: MimeBundle): Promise<void>;
  /** Resolves once everything shown or printed so far has reached the front end. */
  flush(): Promise<void>;
  /** Notes for the first cell's output, e.g. why arrival cannot be confirmed here. */
  readonly notes: readonly string[];
  /** Lets go of the channel to the front end. */
  close(): Promise<void>;
}

/** Outputs handed to a function (tests, other front ends): shown when its promise resolves. */
export function callbackOutput(
  display: (bundle: MimeBundle) => void | Promise<void>,
): SessionOutput {
  return {
    show: async (bundle) => await display(bundle),
    flush: () => Promise.resolve(),
    notes: [],
    close: () => Promise.resolve(),
  };
}
