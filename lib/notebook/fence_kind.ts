/** What a fence of a notebook's generated module marks (see to_module.ts). */
export type FenceKind = "open" | "begin" | "end" | "skip" | "close";
