/**
 * What a fence of a notebook's generated module marks (see to_module.ts); `gate` waits for the
 * go-ahead of whoever steers a run (step mode, the lab shell).
 */
export type FenceKind = "open" | "gate" | "begin" | "end" | "skip" | "close";
